"""A funded project's payout: opened at its end, approved by its treasurers (and an admin
above PAYOUT_ADMIN_THRESHOLD_FCFA), then sent by a job after the commit.

Each approval locks the payout row first, so two treasurers approving at the same moment
are counted one after the other: the payout becomes `approved`, and its job is queued, once.
"""
import logging
import uuid

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.extensions import db
from app.funding import ledger
from app.funding.models import Project
from app.jobs import enqueue_after_commit
from app.payouts import notices, sending
from app.payouts.errors import PayoutError
from app.payouts.models import APPROVALS_NEEDED, PROVIDER_OF_NETWORK, Payout, PayoutApproval, PayoutWallet, Treasurer
from app.timeutil import utcnow

log = logging.getLogger(__name__)


def pays_out(project):
    """A project whose money goes to its filmmaker: funded, or flexible whatever its outcome."""
    return project.status == "funded" or (project.status == "not_funded" and project.funding_model == "flexible")


def open_payout(project):
    """At a project's end: its escrow, less the platform fee, becomes a payout awaiting approval.
    None when it pays nothing out (nothing raised, all-or-nothing missed) or already has one."""
    if not pays_out(project) or db.session.scalar(select(Payout.id).where(Payout.project_id == project.id)):
        return None
    payout = Payout(project_id=project.id, reference=str(uuid.uuid4()), raised_fcfa=0, fee_fcfa=0, amount_fcfa=0)
    db.session.add(payout)
    db.session.flush()
    released = ledger.release_for_payout(project.id, payout.id, current_app.config["PLATFORM_FEE_PERCENT"])
    if released is None:
        db.session.delete(payout)
        db.session.flush()
        return None
    payout.raised_fcfa, payout.fee_fcfa, payout.amount_fcfa = released
    payout.needs_admin = payout.amount_fcfa > current_app.config["PAYOUT_ADMIN_THRESHOLD_FCFA"]
    wallet = db.session.scalar(select(PayoutWallet).where(PayoutWallet.user_id == project.owner_id)) \
        if project.owner_id else None
    if wallet is not None:
        _set_destination(payout, wallet)
    db.session.flush()
    notices.ask_treasurers(payout, project)
    log.info("payout %s opened for project %s: %s FCFA (fee %s)", payout.id, project.id, payout.amount_fcfa,
             payout.fee_fcfa)
    return payout


def _set_destination(payout, wallet):
    payout.phone, payout.network, payout.holder_name = wallet.phone, wallet.network, wallet.holder_name
    payout.provider = PROVIDER_OF_NETWORK[wallet.network]


def point_payouts_to(user, wallet):
    """The member's payouts still waiting for approval go to `wallet`; approvals given for the
    old destination no longer count. Flushes."""
    waiting = db.session.scalars(select(Payout).join(Project, Project.id == Payout.project_id)
                                 .where(Project.owner_id == user.id, Payout.status == "awaiting_approval")
                                 .with_for_update(of=Payout)).all()
    for payout in waiting:
        _set_destination(payout, wallet)
        db.session.execute(delete(PayoutApproval).where(PayoutApproval.payout_id == payout.id))
    db.session.flush()


def lock_payout(payout_id):
    query = select(Payout).where(Payout.id == payout_id).with_for_update().execution_options(populate_existing=True)
    return db.session.scalars(query).first()


def approve(payout_id, user, as_admin=False):
    """One treasurer's (or, with `as_admin`, an administrator's) approval; flushes. True when it
    was the last one needed: the payout is approved and its job queued for after the commit."""
    payout = lock_payout(payout_id)
    if payout is None or payout.status != "awaiting_approval":
        raise PayoutError(_l("This payout is no longer waiting for approval."))
    if payout.phone is None:
        raise PayoutError(_l("The filmmaker has not registered a payout wallet yet."))
    is_treasurer = db.session.scalar(select(Treasurer.id).where(Treasurer.project_id == payout.project_id,
                                                                Treasurer.user_id == user.id)) is not None
    if as_admin:
        if not getattr(user, "is_admin", False):
            raise PayoutError(_l("Only an administrator can give this approval."))
        if is_treasurer or user.id == payout.project.owner_id:
            raise PayoutError(_l("An administrator outside the project's team gives this approval."))
    elif not is_treasurer:
        raise PayoutError(_l("Only the project's treasurers can approve its payout."))
    given = db.session.scalar(select(PayoutApproval.id).where(PayoutApproval.payout_id == payout.id,
                                                               PayoutApproval.user_id == user.id,
                                                               PayoutApproval.as_admin == as_admin))
    if given is not None:
        raise PayoutError(_l("You have already approved this payout."))
    db.session.add(PayoutApproval(payout_id=payout.id, user_id=user.id, as_admin=as_admin))
    db.session.flush()
    if not is_fully_approved(payout):
        return False
    payout.status, payout.approved_at = "approved", utcnow()
    db.session.flush()
    enqueue_after_commit(sending.send_payout, payout.id)
    log.info("payout %s approved (%s FCFA)", payout.id, payout.amount_fcfa)
    return True


def approvals_count(payout_id, as_admin=False):
    return db.session.scalar(select(func.count(PayoutApproval.id)).where(PayoutApproval.payout_id == payout_id,
                                                                          PayoutApproval.as_admin == as_admin))


def is_fully_approved(payout):
    treasurers = approvals_count(payout.id) >= APPROVALS_NEEDED
    return treasurers and (not payout.needs_admin or approvals_count(payout.id, as_admin=True) >= 1)
