"""Applying what a provider confirmed, exactly once.

`apply_outcome` locks the payment row (SELECT ... FOR UPDATE on PostgreSQL; SQLite has a
single writer), re-reads its status and does nothing if the move is no longer allowed,
so a duplicate callback, a poll and a sweep racing on one payment credit it once.
"""
import logging

from sqlalchemy import select

from app.extensions import db
from app.funding import ledger, receipts
from app.payments import states
from app.payments.models import Payment

log = logging.getLogger(__name__)


def lock_payment(payment_id):
    query = select(Payment).where(Payment.id == payment_id).with_for_update().execution_options(populate_existing=True)
    return db.session.scalars(query).first()


def apply_outcome(payment_id, status_to, source, payload="", reason=None):
    """Moves the payment to `status_to` and settles its contribution; False if already done."""
    payment = lock_payment(payment_id)
    if payment is None or not states.can_move(payment.status, status_to):
        return False
    late = payment.status == "expired"
    states.move(payment, status_to, source, payload, reason)
    if payment.contribution_id is not None:
        if status_to == "succeeded":
            if late:
                _revive(payment.contribution_id)
            if ledger.credit(payment.contribution_id):
                receipts.after_credit(payment)
        elif status_to in ("failed", "expired"):
            ledger.fail(payment.contribution_id)
    if late:
        log.warning("payment %s confirmed paid after it had expired; credited", payment_id)
    return True


def _revive(contribution_id):
    """An expired payment turned out paid: its contribution becomes pending again to be credited."""
    from sqlalchemy import update

    from app.funding.models import Contribution

    db.session.execute(update(Contribution).where(Contribution.id == contribution_id, Contribution.status == "failed")
                       .values(status="pending"))
