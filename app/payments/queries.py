"""Reads of payments shared by pages."""
from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.funding.models import Contribution
from app.payments.models import Payment


def payment_by_code_or_404(code):
    """The payment behind a status page, with its contribution and project in the same query."""
    query = (select(Payment).where(Payment.short_code == code[:12])
             .options(joinedload(Payment.contribution).joinedload(Contribution.project)))
    payment = db.session.scalars(query).first()
    if payment is None:
        abort(404)
    return payment
