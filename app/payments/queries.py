"""Reads of payments shared by pages."""
from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.funding.models import Contribution
from app.payments.models import Payment


def payment_by_code(code):
    """The payment behind a status page, with its contribution and project in the same query.

    Codes are lower-case hex; the SMS receipt prints them in capitals (`Ref 0862F7CF14`)."""
    query = (select(Payment).where(Payment.short_code == code[:12].strip().lower())
             .options(joinedload(Payment.contribution).joinedload(Contribution.project)))
    return db.session.scalars(query).first()


def payment_by_code_or_404(code):
    payment = payment_by_code(code)
    if payment is None:
        abort(404)
    return payment
