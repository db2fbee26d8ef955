"""Payment jobs and all their scheduling: the start, the polls that follow it, checks asked
for by callbacks, the late checks of expired payments and the sweep.

Each job takes ids, re-reads the rows and stops if there is nothing left to do, so RQ
running one twice, or the sweep racing it, changes nothing. `next_check_at` always says
when the provider is next asked about a payment; the sweep finishes what lost jobs left.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError

from app.extensions import db
from app.jobs import enqueue_after_commit, redis_connection
from app.payments import checks, reconcile, states
from app.payments.models import Payment, PaymentEvent
from app.payments.providers.base import ProviderError
from app.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)
RETRY_SECONDS = 60  # a sweep that could not reach the provider tries that payment again after this
# Late checks of an expired payment back off with its age: every 5 minutes at first, then a
# third of its age, at most every 6 hours, until PAYMENT_LATE_CHECK_SECONDS (about 20 checks in 48 h).
LATE_CHECK_MIN_SECONDS, LATE_CHECK_MAX_SECONDS = 300, 6 * 3600
CHECK_PENDING_SECONDS = 300  # a check queued by a callback and lost with its job stops coalescing after this


def poll_delay(attempt):
    delays = [int(d) for d in str(current_app.config["PAYMENT_POLL_DELAYS"]).split(",")]
    return delays[min(attempt, len(delays) - 1)]


def next_check_delay(payment):
    """Seconds until the provider is next asked about `payment`, or None when nothing is left to ask."""
    if not checks.is_asked_about(payment):
        return None
    if payment.status in states.OPEN_STATUSES:
        return poll_delay(payment.check_count)
    now = utcnow()
    age = (now - as_utc(payment.created_at)).total_seconds()
    until_window_ends = (as_utc(payment.created_at) - checks.late_window_start()).total_seconds()
    delay = min(max(age / 3, LATE_CHECK_MIN_SECONDS), LATE_CHECK_MAX_SECONDS, max(until_window_ends, 1))
    return int(delay)


def schedule_next_check(payment, queue_poll=True):
    """Sets `next_check_at` and, with `queue_poll`, queues the poll job for that moment (after the commit)."""
    delay = next_check_delay(payment)
    payment.next_check_at = None if delay is None else utcnow() + timedelta(seconds=delay)
    if delay is not None and queue_poll:
        enqueue_after_commit(poll, payment.id, payment.check_count, delay=delay)


def start(payment_id):
    """Sends the payment prompt; the row stays locked meanwhile so it is never sent twice at once."""
    payment = states.lock_payment(payment_id)
    if payment is None or payment.status != "created":
        db.session.rollback()
        return
    checks.send_start(payment, "start")
    schedule_next_check(payment)
    db.session.commit()


def poll(payment_id, attempt):
    """One status query, then the next one later (backing off) while the payment is asked about."""
    payment = states.lock_payment(payment_id)
    if payment is None or payment.check_count != attempt or not checks.is_asked_about(payment):
        db.session.rollback()  # settled, or a copy of this job already moved the chain on
        return
    payment.check_count = attempt + 1
    db.session.commit()
    try:
        payment = checks.check_payment(payment_id, "poll")
    except ProviderError as error:
        db.session.rollback()
        log.warning("payment %s poll %s: provider unavailable (%s)", payment_id, attempt, error)
        payment = db.session.get(Payment, payment_id)
    schedule_next_check(payment)
    db.session.commit()


def _check_pending_key(payment):
    return f"{current_app.config['RQ_QUEUE']}:payments:check-pending:{payment.reference}"


def check_after_callback(event, payment):
    """Queues one status query for a stored callback, unless one is already waiting: however many
    callbacks arrive for a payment, at most one check of it is pending. Nothing is queued for a
    payment a status query can no longer change. Returns True if a check was queued."""
    if not checks.is_asked_about(payment):
        return False
    try:
        queued = redis_connection().set(_check_pending_key(payment), event.id, nx=True, ex=CHECK_PENDING_SECONDS)
    except RedisError:
        queued = True  # no coalescing without Redis; the job is queued (or left to the sweep) as before
    if queued:
        enqueue_after_commit(handle_callback, event.id, retries=3)
    return bool(queued)


def _release_check(payment):
    """From now on a new callback queues a new check: one arriving during this query is not lost."""
    try:
        redis_connection().delete(_check_pending_key(payment))
    except RedisError:
        pass


def handle_callback(event_id):
    """A stored callback names a payment: confirm by status query before applying anything."""
    event = db.session.get(PaymentEvent, event_id)
    if event is None or event.payment_id is None:
        return
    _release_check(db.session.get(Payment, event.payment_id))
    payment = checks.check_payment(event.payment_id, "callback")
    if event.status_to == "succeeded" and payment.status != "succeeded":
        # Unsigned callbacks can be forged; the provider's own answer disagreed, so nothing moved.
        states.record_event(payment, "callback", "refuted", f"event {event.id} claimed a payment the provider "
                            "does not confirm", status_from=payment.status, status_to=event.status_to)
        log.warning("payment %s: callback event %s claimed success, provider says %s", payment.id, event.id,
                    payment.status)
    schedule_next_check(payment, queue_poll=False)  # the poll chain, if alive, goes on by itself
    db.session.commit()


@dataclass
class SweepReport:
    checked: int = 0
    resolved: int = 0  # its status changed
    unchanged: int = 0
    errors: int = 0


def sweep(everything=False, limit=500):
    """Asks the provider about every due payment (open, or expired within the late window), in
    this process and without Redis, each committed on its own: `flask payments reconcile`."""
    report = SweepReport()
    for payment_id in reconcile.due_payment_ids(everything, limit):
        report.checked += 1
        before = db.session.get(Payment, payment_id).status
        try:
            payment = recheck(payment_id, "reconcile")
        except ProviderError as error:
            db.session.rollback()
            report.errors += 1
            log.warning("sweep: payment %s not checked (%s)", payment_id, error)
            _retry_later(payment_id)
            continue
        if payment.status != before:
            report.resolved += 1
        else:
            report.unchanged += 1
    log.info("sweep: %s checked, %s resolved, %s unchanged, %s errors", report.checked, report.resolved,
             report.unchanged, report.errors)
    return report


def recheck(payment_id, source="admin"):
    """One payment, now: query, apply, schedule the next check (a poll chain again), commit."""
    payment = checks.check_payment(payment_id, source)
    if payment is not None:
        schedule_next_check(payment)
    db.session.commit()
    return payment


def _retry_later(payment_id):
    payment = db.session.get(Payment, payment_id)
    if payment is not None:
        payment.next_check_at = utcnow() + timedelta(seconds=RETRY_SECONDS)
        db.session.commit()
