"""Reads for the back office."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.payments.models import Payment


def payments(status="", provider="", limit=100):
    query = select(Payment).order_by(Payment.id.desc()).limit(limit)
    if status:
        query = query.where(Payment.status == status)
    if provider:
        query = query.where(Payment.provider == provider)
    return db.session.scalars(query).all()


def payment_with_events(payment_id):
    query = select(Payment).where(Payment.id == payment_id).options(selectinload(Payment.events))
    return db.session.scalars(query).first()
