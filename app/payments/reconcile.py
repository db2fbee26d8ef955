"""Which payments still need the provider's word: read by the sweep (jobs.sweep), the
back office's stuck payments and `flask payments check-ledger`.

Open payments are asked about until they are final; expired ones for PAYMENT_LATE_CHECK_SECONDS
after they were created (48 h), because a payer can approve a prompt after we stopped waiting
and the provider then holds money that must be credited.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select

from app.extensions import db
from app.payments.checks import late_window_start
from app.payments.models import Payment
from app.payments.states import OPEN_STATUSES
from app.timeutil import utcnow


def _late():
    return and_(Payment.status == "expired", Payment.created_at >= late_window_start())


def due_payment_ids(everything=False, limit=500):
    """Open payments and expired ones within the late window whose check is due (all of them with `everything`)."""
    query = (select(Payment.id).where(or_(Payment.status.in_(OPEN_STATUSES), _late()))
             .order_by(Payment.id).limit(limit))
    if not everything:
        query = query.where(or_(Payment.next_check_at.is_(None), Payment.next_check_at <= utcnow()))
    return db.session.scalars(query).all()


def stuck_payments(limit=100):
    """What the sweep has not settled: open payments past their deadline or long overdue for a
    check, and expired ones still asked about in case the payer approved late."""
    now = utcnow()
    too_old = now - timedelta(seconds=current_app.config["PAYMENT_EXPIRY_SECONDS"])
    open_and_late = and_(Payment.status.in_(OPEN_STATUSES),
                         or_(Payment.created_at < too_old, Payment.next_check_at < now - timedelta(minutes=5)))
    query = select(Payment).where(or_(open_and_late, _late())).order_by(Payment.created_at).limit(limit)
    return db.session.scalars(query).all()


def late_watch():
    """(count, FCFA) of expired payments still asked about: money that may yet arrive."""
    return db.session.execute(select(func.count(), func.coalesce(func.sum(Payment.amount_fcfa), 0))
                              .where(_late())).one()
