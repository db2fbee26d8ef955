"""Recording and reading administrator actions; recording flushes with the action itself,
so an action and its entry are committed together or not at all."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import exports
from app.admin.models import AuditEntry
from app.extensions import db


def record(admin, action, target_type, target_id, detail=""):
    entry = AuditEntry(admin_id=admin.id, action=action, target_type=target_type, target_id=target_id,
                       detail=(detail or "")[:2000])
    db.session.add(entry)
    db.session.flush()
    return entry


def latest(limit=200):
    query = select(AuditEntry).options(selectinload(AuditEntry.admin)).order_by(AuditEntry.id.desc()).limit(limit)
    return db.session.scalars(query).all()


def about(target_type, target_id, limit=200):
    """The entries about one target (a contest: its candidates' and ballots' decisions too), newest first."""
    query = (select(AuditEntry).options(selectinload(AuditEntry.admin))
             .where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
             .order_by(AuditEntry.id.desc()).limit(limit))
    return db.session.scalars(query).all()


def as_csv(entries):
    def row(e):
        who = e.admin.display_name or e.admin.phone[-4:] if e.admin else ""
        return [e.created_at.isoformat(), who, e.action, f"{e.target_type}:{e.target_id}", e.detail]

    return exports.csv_text(["when", "admin", "action", "target", "detail"], (row(e) for e in entries))
