"""Payment jobs. Each takes ids, re-reads the rows and stops if there is nothing left to do,
so RQ running one twice, or the sweep racing it, changes nothing."""
import logging
from datetime import timedelta

from app.extensions import db
from app.jobs import enqueue_after_commit
from app.payments import checks, outcomes, reconcile
from app.payments.models import Payment, PaymentEvent
from app.payments.providers.base import ProviderError
from app.timeutil import utcnow

log = logging.getLogger(__name__)


def start(payment_id):
    """Sends the payment prompt; the row stays locked meanwhile so it is never sent twice at once."""
    payment = outcomes.lock_payment(payment_id)
    if payment is None or payment.status != "created":
        db.session.rollback()
        return
    checks.send_start(payment, "start")
    db.session.commit()


def poll(payment_id, attempt):
    """One status query, then the next one later (backing off) until the payment is final."""
    payment = outcomes.lock_payment(payment_id)
    if payment is None or payment.is_final or payment.check_count != attempt:
        db.session.rollback()  # final, or a copy of this job already moved the chain on
        return
    payment.check_count = attempt + 1
    db.session.commit()
    try:
        payment = checks.check_payment(payment_id, "poll")
    except ProviderError as error:
        db.session.rollback()
        log.warning("payment %s poll %s: provider unavailable (%s)", payment_id, attempt, error)
        payment = db.session.get(Payment, payment_id)
    if not payment.is_final:
        delay = checks.poll_delay(attempt + 1)
        payment.next_check_at = utcnow() + timedelta(seconds=delay)
        enqueue_after_commit(poll, payment_id, attempt + 1, delay=delay)
    db.session.commit()


def handle_callback(event_id):
    """A stored callback names a payment: confirm by status query before applying anything."""
    event = db.session.get(PaymentEvent, event_id)
    if event is None or event.payment_id is None:
        return
    payment = checks.check_payment(event.payment_id, "callback")
    if event.status_to == "succeeded" and payment.status != "succeeded":
        # Unsigned callbacks can be forged; the provider's own answer disagreed, so nothing moved.
        db.session.add(PaymentEvent(payment_id=payment.id, provider=payment.provider, source="callback",
                                    kind="refuted", status_from=payment.status, status_to=event.status_to,
                                    payload=f"event {event.id} claimed a payment the provider does not confirm"))
        log.warning("payment %s: callback event %s claimed success, provider says %s", payment.id, event.id,
                    payment.status)
    db.session.commit()


def sweep():
    """The schedulable form of `flask payments reconcile`."""
    return reconcile.reconcile()
