"""The sweep: resolves every payment left in a non-final state, whatever lost its job.

Run by `flask payments reconcile` (cron, or `--every` to loop) and by the `sweep` job.
It works without Redis: each payment is checked here, in this process, and committed
on its own, so one provider being down does not hold the others back.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select

from app.extensions import db
from app.payments import checks
from app.payments.models import Payment
from app.payments.providers.base import ProviderError
from app.timeutil import utcnow

log = logging.getLogger(__name__)
OPEN_STATUSES = ("created", "awaiting_payer")
RETRY_SECONDS = 60


@dataclass
class SweepReport:
    checked: int = 0
    resolved: int = 0
    still_open: int = 0
    errors: int = 0


def due_payment_ids(everything=False, limit=500):
    query = select(Payment.id).where(Payment.status.in_(OPEN_STATUSES)).order_by(Payment.id).limit(limit)
    if not everything:
        query = query.where(or_(Payment.next_check_at.is_(None), Payment.next_check_at <= utcnow()))
    return db.session.scalars(query).all()


def reconcile(everything=False, limit=500):
    """Checks every due open payment with its provider; returns what happened."""
    report = SweepReport()
    for payment_id in due_payment_ids(everything, limit):
        report.checked += 1
        try:
            payment = recheck(payment_id, "reconcile")
        except ProviderError as error:
            db.session.rollback()
            report.errors += 1
            log.warning("sweep: payment %s not checked (%s)", payment_id, error)
            _later(payment_id)
            continue
        if payment.is_final:
            report.resolved += 1
        else:
            report.still_open += 1
    log.info("sweep: %s checked, %s resolved, %s open, %s errors", report.checked, report.resolved,
             report.still_open, report.errors)
    return report


def recheck(payment_id, source="admin"):
    """One payment, now: query, apply, commit."""
    payment = checks.check_payment(payment_id, source)
    if payment is not None and not payment.is_final:
        payment.next_check_at = utcnow() + timedelta(seconds=max(RETRY_SECONDS, checks.poll_delays()[-1]))
    db.session.commit()
    return payment


def _later(payment_id):
    payment = db.session.get(Payment, payment_id)
    if payment is not None:
        payment.next_check_at = utcnow() + timedelta(seconds=RETRY_SECONDS)
        db.session.commit()


def stuck_payments(limit=100):
    """Open payments past their deadline or long overdue for a check: what the sweep has not settled."""
    now = utcnow()
    too_old = now - timedelta(seconds=current_app.config["PAYMENT_EXPIRY_SECONDS"])
    query = (select(Payment).where(Payment.status.in_(OPEN_STATUSES))
             .where(or_(Payment.created_at < too_old, Payment.next_check_at < now - timedelta(minutes=5)))
             .order_by(Payment.created_at).limit(limit))
    return db.session.scalars(query).all()
