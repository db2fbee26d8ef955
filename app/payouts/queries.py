"""Reads for the payout pages."""
from sqlalchemy import or_, select

from app.extensions import db
from app.funding.models import Project
from app.payouts.models import Payout, PayoutApproval, Treasurer


def payout_of(project_id):
    return db.session.scalar(select(Payout).where(Payout.project_id == project_id))


def visible_projects(user):
    """Projects whose payout page `user` may see: their own, and those they are a treasurer of."""
    treasurer_of = select(Treasurer.project_id).where(Treasurer.user_id == user.id)
    return db.session.scalars(select(Project).where(or_(Project.owner_id == user.id, Project.id.in_(treasurer_of)))
                              .where(Project.status.in_(("live", "funded", "not_funded"))).order_by(Project.id.desc())
                              ).all()


def approvals_of(payout):
    return db.session.scalars(select(PayoutApproval).where(PayoutApproval.payout_id == payout.id)
                              .order_by(PayoutApproval.id)).all() if payout else []


def awaiting_admin(limit=100):
    """Payouts above the threshold that wait for an administrator."""
    return db.session.scalars(select(Payout).where(Payout.needs_admin, Payout.status == "awaiting_approval")
                              .order_by(Payout.id).limit(limit)).all()


def recent(limit=100):
    return db.session.scalars(select(Payout).order_by(Payout.id.desc()).limit(limit)).all()
