"""Reads of projects shared by pages, jobs and the CLI."""
from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.funding.models import Contribution, Project, ProjectUpdate
from app.timeutil import as_utc, utcnow

# A suspended project stays visible (its contributors are told by SMS) but takes no money.
PUBLIC_STATUSES = ("live", "suspended", "funded", "not_funded")


def public_project_or_404(code, details=True):
    """A project the public may see; `details` loads its film, rewards and budget too."""
    query = select(Project).where(Project.short_code == code, Project.status.in_(PUBLIC_STATUSES))
    if details:
        query = query.options(
            joinedload(Project.film), selectinload(Project.rewards), selectinload(Project.budget_lines)
        )
    project = db.session.scalars(query).first()
    if project is None:
        abort(404)
    return project


def updates_of(project, limit=10):
    query = (
        select(ProjectUpdate)
        .where(ProjectUpdate.project_id == project.id)
        .order_by(ProjectUpdate.created_at.desc(), ProjectUpdate.id.desc())
        .limit(limit)
    )
    return db.session.scalars(query).all()


def days_left(project):
    """Whole days until the end, 0 on the last day, None without an end date."""
    if project.ends_at is None:
        return None
    remaining = as_utc(project.ends_at) - utcnow()
    return max(0, remaining.days)


def recent_contributors(project, limit=10):
    """Names or anonymity and amounts, newest first; phone numbers are never read here."""
    query = (
        select(Contribution.display_name, Contribution.is_anonymous, Contribution.amount_fcfa, Contribution.message)
        .where(Contribution.project_id == project.id, Contribution.status == "succeeded")
        .order_by(Contribution.succeeded_at.desc(), Contribution.id.desc())
        .limit(limit)
    )
    return [
        {"name": None if anonymous or not name else name, "amount_fcfa": amount,
         "message": "" if anonymous else (message or "")}
        for name, anonymous, amount, message in db.session.execute(query)
    ]
