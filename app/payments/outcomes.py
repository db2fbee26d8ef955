"""Applying what a provider confirmed, exactly once.

`apply_outcome` locks the payment row, re-reads its status and does nothing if the move is
no longer allowed, so a duplicate callback, a poll and a sweep racing on one payment settle
it once. The contribution is settled by the ledger (app/funding/ledger.py), which credits
it or, for a project that gives money back, holds it for the refund queued here; a contest
ballot by the count (app/contests/tally.py), in the same transaction.
"""
import logging

from app.contests import tally
from app.funding import ledger, receipts
from app.jobs import enqueue_after_commit
from app.payments import refunds, states

log = logging.getLogger(__name__)


def apply_outcome(payment_id, status_to, source, payload="", reason=None):
    """Moves the payment to `status_to` and settles its contribution or ballot; False if already done."""
    payment = states.lock_payment(payment_id)
    if payment is None or not states.can_move(payment.status, status_to):
        return False
    late = payment.status == "expired"
    states.move(payment, status_to, source, payload, reason)
    if payment.ballot_id is not None:
        tally.settle(payment.ballot_id, status_to, payment.provider)
        return True
    if payment.contribution_id is None:
        return True
    if status_to == "succeeded":
        _settle_paid(payment, late)
    elif status_to in ("failed", "expired"):
        ledger.fail(payment.contribution_id)
    return True


def _settle_paid(payment, late):
    contribution_id = payment.contribution_id
    if late:
        ledger.revive(contribution_id)
        log.warning("payment %s confirmed paid after it had expired", payment.id)
    settled = ledger.credit(contribution_id)
    if settled == ledger.CREDITED:
        receipts.after_credit(payment)
    elif settled == ledger.HELD:
        log.warning("payment %s paid for a project that no longer takes money: refunding", payment.id)
        enqueue_after_commit(refunds.refund_contribution, contribution_id)
