"""Reads for the back office."""
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.funding.models import Contribution
from app.payments.models import Payment


def payments(status="", provider="", reference="", limit=100):
    """The latest payments; `reference` finds one by the code on the SMS receipt (any case),
    our reference sent to the provider, or the provider's own."""
    query = select(Payment).order_by(Payment.id.desc()).limit(limit)
    if status:
        query = query.where(Payment.status == status)
    if provider:
        query = query.where(Payment.provider == provider)
    reference = reference.strip()[:100]
    if reference:
        query = query.where(or_(Payment.short_code == reference.lower(), Payment.reference == reference.lower(),
                                Payment.provider_reference == reference))
    return db.session.scalars(query).all()


def payment_with_events(payment_id):
    query = (select(Payment).where(Payment.id == payment_id)
             .options(selectinload(Payment.events), joinedload(Payment.contribution).joinedload(Contribution.project)))
    return db.session.scalars(query).first()
