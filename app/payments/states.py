"""The payment state machine: which moves are allowed, and the record of each one.

created -> awaiting_payer -> succeeded | failed | expired, and succeeded -> refunded.
expired -> succeeded is allowed too: if the provider later confirms that the payer did
pay, the money is there and must be credited, never lost. That is why expired payments
are still asked about for PAYMENT_LATE_CHECK_SECONDS (48 h) after they were created.

`move` is the only place a payment's status is set, and `record_event` the only place a
PaymentEvent is written.
"""
import logging

from sqlalchemy import select

from app.extensions import db
from app.payments.models import Payment, PaymentEvent
from app.timeutil import utcnow

log = logging.getLogger(__name__)

TRANSITIONS = {
    "created": {"awaiting_payer", "succeeded", "failed", "expired"},
    "awaiting_payer": {"succeeded", "failed", "expired"},
    "expired": {"succeeded"},
    "succeeded": {"refunded"},
    "failed": set(),
    "refunded": set(),
}
OPEN_STATUSES = ("created", "awaiting_payer")  # the payer has not answered yet, as far as we know
# Asked about with the provider: open ones, and expired ones within the late window.
CHECKED_STATUSES = OPEN_STATUSES + ("expired",)

SOURCES = ("start", "callback", "poll", "reconcile", "admin", "refund")
KINDS = {
    "transition": "the payment moved from status_from to status_to",
    "callback": "a provider callback naming one of our payments: a hint until a status query confirms it",
    "unmatched": "a callback naming no payment of ours",
    "rejected": "a callback with a bad signature, refused",
    "refuted": "a callback claimed success and the provider's status answer disagreed",
    "mismatch": "the provider says paid, but not the amount or currency asked: left for a person",
    "refund_request": "a refund or payout was sent to the provider (never sent twice)",
    "refund_manual": "no refund API, or the provider refused: a person gives the money back",
    "refund_uncertain": "the refund's answer was unclear: a person checks with the provider",
}


def can_move(status_from, status_to):
    return status_to in TRANSITIONS.get(status_from, set())


def lock_payment(payment_id):
    """The payment row, locked (SELECT ... FOR UPDATE; SQLite has a single writer) and re-read."""
    query = select(Payment).where(Payment.id == payment_id).with_for_update().execution_options(populate_existing=True)
    return db.session.scalars(query).first()


def record_event(payment, source, kind, payload="", provider=None, **fields):
    """Adds one PaymentEvent (`payment` may be None for a callback naming none of ours) and flushes."""
    if source not in SOURCES or kind not in KINDS:
        raise ValueError(f"unknown event {source}/{kind}")
    event = PaymentEvent(payment_id=payment.id if payment else None, provider=provider or payment.provider,
                         source=source, kind=kind, payload=(payload or "")[:4000], **fields)
    db.session.add(event)
    db.session.flush()
    return event


def move(payment, status_to, source, payload="", reason=None):
    """Changes the status and records the transition; the caller holds the row lock."""
    status_from = payment.status
    if not can_move(status_from, status_to):
        raise ValueError(f"payment {payment.id}: {status_from} -> {status_to} is not allowed")
    now = utcnow()
    payment.status = status_to
    payment.updated_at = now
    if reason:
        payment.failure_reason = reason[:80]
    if status_to in ("succeeded", "failed", "expired", "refunded"):
        payment.finished_at = now
    record_event(payment, source, "transition", payload, status_from=status_from, status_to=status_to)
    log.info("payment %s %s -> %s by %s (%s FCFA, %s)", payment.id, status_from, status_to, source,
             payment.amount_fcfa, payment.provider)
