"""The payment state machine: which moves are allowed, and the record of each one.

created -> awaiting_payer -> succeeded | failed | expired, and succeeded -> refunded.
expired -> succeeded is allowed too: if the provider later confirms that the payer did
pay, the money is there and must be credited, never lost.
"""
import logging

from app.extensions import db
from app.payments.models import PaymentEvent
from app.timeutil import utcnow

log = logging.getLogger(__name__)

SOURCES = ("start", "callback", "poll", "reconcile", "admin", "refund")
TRANSITIONS = {
    "created": {"awaiting_payer", "succeeded", "failed", "expired"},
    "awaiting_payer": {"succeeded", "failed", "expired"},
    "expired": {"succeeded"},
    "succeeded": {"refunded"},
    "failed": set(),
    "refunded": set(),
}


def can_move(status_from, status_to):
    return status_to in TRANSITIONS.get(status_from, set())


def move(payment, status_to, source, payload="", reason=None):
    """Changes the status and records the transition; the caller holds the row lock."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source}")
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
        payment.next_check_at = None
    db.session.add(PaymentEvent(payment_id=payment.id, provider=payment.provider, source=source, kind="transition",
                                status_from=status_from, status_to=status_to, payload=(payload or "")[:4000]))
    db.session.flush()
    log.info("payment %s %s -> %s by %s (%s FCFA, %s)", payment.id, status_from, status_to, source,
             payment.amount_fcfa, payment.provider)
