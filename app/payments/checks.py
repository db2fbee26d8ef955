"""Asking the provider about a payment, and applying what it says. Nothing here schedules.

Shared by the start and poll jobs, callback handling, the sweep and the admin's
"re-check now" (all in jobs.py, which decides when to ask next): a callback is a hint,
this status query is what counts. Functions flush; the job or command around them commits.
"""
import logging
from datetime import timedelta

from flask import current_app

from app.extensions import db
from app.payments import outcomes, providers, states
from app.payments.models import Payment
from app.payments.providers.base import EXPIRED, FAILED, PAID, PENDING, UNKNOWN, ProviderError, ProviderRefused
from app.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)


def is_past_deadline(payment):
    deadline = as_utc(payment.created_at) + timedelta(seconds=current_app.config["PAYMENT_EXPIRY_SECONDS"])
    return utcnow() >= deadline


def late_window_start():
    """Expired payments created after this are still asked about: the payer may approve late."""
    return utcnow() - timedelta(seconds=current_app.config["PAYMENT_LATE_CHECK_SECONDS"])


def is_asked_about(payment):
    """Open, or expired within the late window: what a status query could still change."""
    if payment.status in states.OPEN_STATUSES:
        return True
    return payment.status == "expired" and as_utc(payment.created_at) >= late_window_start()


def _public_url(endpoint, **values):
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def send_start(payment, source):
    """Sends the start request for a `created` payment whose row the caller has locked."""
    client = providers.client(payment.provider)
    callback_url = _public_url("payments.callback", provider=payment.provider)
    return_url = _public_url("payments.status", code=payment.short_code)
    try:
        started = client.start(payment, callback_url, return_url)
    except ProviderRefused as error:
        log.warning("payment %s refused by %s: %s", payment.id, payment.provider, error)
        outcomes.apply_outcome(payment.id, "failed", source, reason="refused by provider")
        return
    except ProviderError as error:
        # The provider may or may not have registered it: the next check asks before resending.
        log.warning("payment %s start failed on %s: %s", payment.id, payment.provider, error)
        return
    payment.provider_reference = payment.provider_reference or started.provider_reference
    payment.checkout_url = started.checkout_url
    states.move(payment, "awaiting_payer", source, started.raw)


def check_payment(payment_id, source):
    """Queries the provider and applies what it says; returns the payment (refreshed)."""
    payment = db.session.get(Payment, payment_id)
    if payment is None or not is_asked_about(payment):
        return payment
    status = providers.client(payment.provider).fetch_status(payment)
    if payment.status == "expired" and status.state != PAID:
        return payment  # only a late payment can move an expired one
    if status.state == PAID:
        disagreement = _disagreement(payment, status)
        if disagreement:
            states.record_event(payment, source, "mismatch", f"{disagreement}: {status.raw}")
            log.error("payment %s: provider says paid but %s; left for review", payment.id, disagreement)
            return payment
        outcomes.apply_outcome(payment.id, "succeeded", source, status.raw)
    elif status.state in (FAILED, EXPIRED):
        outcomes.apply_outcome(payment.id, "failed" if status.state == FAILED else "expired", source, status.raw,
                               reason=status.reason)
    elif status.state == PENDING:
        _still_pending(payment, source, status)
    elif status.state == UNKNOWN:
        _not_known(payment, source, status)
    db.session.refresh(payment)
    return payment


def _disagreement(payment, status):
    """What in a "paid" answer differs from what we asked for, or None: money is only credited
    for the amount (and, when the provider says it, the currency) of the payment."""
    if status.amount_fcfa != payment.amount_fcfa:
        return f"amount {status.amount_fcfa} != {payment.amount_fcfa}"
    if status.currency is not None and status.currency != payment.currency:
        return f"currency {status.currency} != {payment.currency}"
    return None


def _still_pending(payment, source, status):
    if is_past_deadline(payment):
        outcomes.apply_outcome(payment.id, "expired", source, status.raw, reason="no answer from the payer")
        return
    payment = states.lock_payment(payment.id)
    if payment.status == "created":  # registered, but our start job never heard back
        payment.provider_reference = payment.provider_reference or status.provider_reference
        states.move(payment, "awaiting_payer", source, status.raw)


def _not_known(payment, source, status):
    """The provider never registered it: start it (same reference, so never twice) or give up."""
    if is_past_deadline(payment):
        outcomes.apply_outcome(payment.id, "failed" if payment.status == "created" else "expired", source,
                               status.raw, reason="unknown to the provider")
        return
    payment = states.lock_payment(payment.id)
    if payment.status == "created":
        send_start(payment, source)
