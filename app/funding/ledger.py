"""Crediting contributions to projects, exactly once, and checking that the books balance.

A project's raised_fcfa always equals the sum of its succeeded contributions and its
contributors_count their number. Every change goes through a guarded UPDATE (the row
must still be pending), so even a second call in another transaction changes nothing.
Functions flush; the caller commits.
"""
import logging

from sqlalchemy import func, select, text, update

from app.catalog import freshness
from app.extensions import db
from app.funding.models import Contribution, Project, Reward
from app.timeutil import utcnow

log = logging.getLogger(__name__)


def credit(contribution_id):
    """Marks a pending contribution succeeded and adds it to its project; False if it was not pending."""
    changed = db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id, Contribution.status == "pending")
        .values(status="succeeded", succeeded_at=utcnow())
        .returning(Contribution.project_id, Contribution.amount_fcfa, Contribution.reward_id)
    ).first()
    if changed is None:
        return False
    project_id, amount, reward_id = changed
    db.session.execute(
        update(Project).where(Project.id == project_id)
        .values(raised_fcfa=Project.raised_fcfa + amount, contributors_count=Project.contributors_count + 1)
    )
    freshness.mark_changed(db.session)  # catalogue pages show the project's progress
    if reward_id is not None and not _claim_reward(reward_id):
        # Sold out meanwhile: the money is kept as a plain contribution, never over-allocated.
        db.session.execute(update(Contribution).where(Contribution.id == contribution_id).values(reward_id=None))
        log.info("reward %s sold out; contribution %s kept without it", reward_id, contribution_id)
    db.session.flush()
    db.session.expire_all()
    log.info("contribution %s credited %s FCFA to project %s", contribution_id, amount, project_id)
    return True


def _claim_reward(reward_id):
    claimed = db.session.execute(
        update(Reward)
        .where(Reward.id == reward_id, (Reward.quantity.is_(None)) | (Reward.claimed_count < Reward.quantity))
        .values(claimed_count=Reward.claimed_count + 1)
    )
    return claimed.rowcount == 1


def fail(contribution_id):
    """A pending contribution whose payment did not go through; nothing to take back."""
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id, Contribution.status == "pending")
        .values(status="failed")
    )
    db.session.flush()


def ledger_problems():
    """Every way the books are wrong, as readable lines; empty when they balance."""
    problems = []
    succeeded = (
        select(Contribution.project_id, func.coalesce(func.sum(Contribution.amount_fcfa), 0).label("total"),
               func.count().label("n"))
        .where(Contribution.status == "succeeded").group_by(Contribution.project_id).subquery()
    )
    rows = db.session.execute(
        select(Project.id, Project.raised_fcfa, Project.contributors_count, succeeded.c.total, succeeded.c.n)
        .outerjoin(succeeded, succeeded.c.project_id == Project.id)
    ).all()
    for project_id, raised, count, total, n in rows:
        if raised != (total or 0) or count != (n or 0):
            problems.append(f"project {project_id}: raised {raised} FCFA / {count} contributors, "
                            f"succeeded contributions {total or 0} FCFA / {n or 0}")
    twice = db.session.execute(text(
        "SELECT contribution_id, count(*) FROM payments WHERE status = 'succeeded' AND contribution_id IS NOT NULL "
        "GROUP BY contribution_id HAVING count(*) > 1"
    )).all()
    problems += [f"contribution {cid}: {n} succeeded payments" for cid, n in twice]
    applied = db.session.execute(text(
        "SELECT payment_id, count(*) FROM payment_events WHERE kind = 'transition' AND status_to = 'succeeded' "
        "GROUP BY payment_id HAVING count(*) > 1"
    )).all()
    problems += [f"payment {pid}: succeeded {n} times" for pid, n in applied]
    mismatch = db.session.execute(text(
        "SELECT c.id FROM contributions c JOIN payments p ON p.contribution_id = c.id "
        "WHERE p.status = 'succeeded' AND c.status NOT IN ('succeeded', 'refund_pending', 'refunded')"
    )).all()
    problems += [f"contribution {cid}: paid but not credited" for (cid,) in mismatch]
    return problems
