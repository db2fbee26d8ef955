"""Receiving provider callbacks: store the raw event first (once), answer fast, check later.

Nothing here changes a payment. A genuine-looking callback only asks jobs.py for a status
query, and a flood of them for one payment makes one pending query, not one each
(`jobs.check_after_callback`); the route itself is limited per address (views.py).
"""
import hashlib
import logging

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.payments import jobs, providers, states
from app.payments.models import Payment

log = logging.getLogger(__name__)
CLAIMS = {"paid": "succeeded", "failed": "failed", "expired": "expired"}


def receive(provider_name, headers, body, form):
    """Stores the callback and returns the HTTP status to answer the provider with."""
    client = providers.configured().get(provider_name)
    if client is None:
        return 404
    hint = client.read_callback(headers, body, form)
    payment = _payment_for(provider_name, hint)
    kind = "callback" if hint.authentic else "rejected"
    if payment is None and hint.authentic:
        kind = "unmatched"
    raw = body.decode("utf-8", "replace") if body else ""
    try:
        with db.session.begin_nested():
            event = states.record_event(
                payment, "callback", kind, raw, provider=provider_name, status_to=CLAIMS.get(hint.claimed_state),
                dedupe_key=hashlib.sha256(provider_name.encode() + b"\n" + (body or b"")).hexdigest())
    except IntegrityError:
        log.info("%s callback for payment %s already received", provider_name, payment.id if payment else "-")
        return 200
    if kind == "rejected":
        log.warning("%s callback with a bad signature rejected (payment %s)", provider_name,
                    payment.id if payment else "-")
        return 403
    if kind == "unmatched":
        log.warning("%s callback for an unknown payment stored as event %s", provider_name, event.id)
        return 200
    queued = jobs.check_after_callback(event, payment)
    log.info("%s callback for payment %s stored as event %s (%s)", provider_name, payment.id, event.id,
             "check queued" if queued else "no new check")
    return 200


def _payment_for(provider_name, hint):
    conditions = []
    if hint.reference:
        conditions.append(Payment.reference == hint.reference[:36])
    if hint.provider_reference:
        conditions.append(Payment.provider_reference == hint.provider_reference[:100])
    if not conditions:
        return None
    query = select(Payment).where(Payment.provider == provider_name, or_(*conditions))
    return db.session.scalars(query).first()
