"""Giving money back (all-or-nothing projects that missed their goal), at most once.

The request to the provider is written down and committed before it is sent: if the job
dies after sending, running it again finds the record and does not pay a second time. An
unclear answer (timeout, server error) or a provider without payouts leaves the
contribution `refund_pending` with an event saying so, for a person to settle.
"""
import logging

from sqlalchemy import select

from app.extensions import db
from app.funding import ledger
from app.funding.models import Contribution
from app.payments import providers, states
from app.payments.models import Payment, PaymentEvent
from app.payments.providers.base import ProviderError, ProviderRefused

log = logging.getLogger(__name__)


def refund_contribution(contribution_id):
    """Job: refunds a `refund_pending` contribution through its provider; safe to run twice."""
    contribution = db.session.get(Contribution, contribution_id, with_for_update=True)
    if contribution is None or contribution.status != "refund_pending":
        db.session.rollback()
        return
    payment = db.session.scalars(select(Payment).where(Payment.contribution_id == contribution_id,
                                                       Payment.status == "succeeded")).first()
    if payment is None:
        db.session.rollback()
        return
    asked = db.session.scalar(select(PaymentEvent.id).where(PaymentEvent.payment_id == payment.id,
                                                             PaymentEvent.kind == "refund_request"))
    if asked is not None:  # sent before: never twice, a person settles what remains
        db.session.rollback()
        return
    client = providers.client(payment.provider)
    if not client.can_refund:
        states.record_event(payment, "refund", "refund_manual", f"{payment.provider} offers no payout API")
        db.session.commit()
        log.info("payment %s: refund to be made by hand", payment.id)
        return
    states.record_event(payment, "refund", "refund_request")
    db.session.commit()
    try:
        provider_reference = client.refund(payment)
    except ProviderRefused as error:
        states.record_event(payment, "refund", "refund_manual", str(error))
        db.session.commit()
        return
    except ProviderError as error:
        states.record_event(payment, "refund", "refund_uncertain", str(error))
        db.session.commit()
        log.warning("payment %s: refund answer unclear; check with the provider", payment.id)
        return
    payment = states.lock_payment(payment.id)
    states.move(payment, "refunded", "refund", payload=provider_reference or "")
    ledger.mark_refunded(contribution_id)
    db.session.commit()
    log.info("payment %s refunded (%s FCFA)", payment.id, payment.amount_fcfa)
