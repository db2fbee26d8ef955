"""Payments to providers and the log of everything that happened to each."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

PAYMENT_STATUSES = ("created", "awaiting_payer", "succeeded", "failed", "expired", "refunded")
FINAL_STATUSES = ("succeeded", "failed", "expired", "refunded")


class Payment(db.Model):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL"), index=True
    )
    # Or the contest ballot it pays for (app/contests): a payment settles one or the other.
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id", ondelete="SET NULL"), unique=True)
    provider: Mapped[str] = mapped_column(String(20))  # paygate | mtn_momo | paydunya
    method: Mapped[str] = mapped_column(String(20))  # flooz | tmoney | momo | card
    phone: Mapped[str | None] = mapped_column(String(16))  # E.164; never logged in full
    amount_fcfa: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="XOF")
    status: Mapped[str] = mapped_column(String(16), default="created")
    # Our own id sent to the provider (identifier, externalId, X-Reference-Id): unique forever.
    reference: Mapped[str] = mapped_column(String(36), unique=True)
    provider_reference: Mapped[str | None] = mapped_column(String(100))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    short_code: Mapped[str] = mapped_column(String(12), unique=True)  # status page URL
    failure_reason: Mapped[str | None] = mapped_column(String(80))
    checkout_url: Mapped[str | None] = mapped_column(String(500))  # card: the provider's hosted page
    client_ip: Mapped[str | None] = mapped_column(String(45))
    check_count: Mapped[int] = mapped_column(default=0)
    next_check_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    contribution = relationship("Contribution", backref="payments")
    ballot = relationship("Ballot", back_populates="payment")
    events: Mapped[list["PaymentEvent"]] = relationship(order_by="PaymentEvent.id")

    __table_args__ = (
        CheckConstraint("amount_fcfa > 0", name="amount"),
        CheckConstraint(f"status IN {PAYMENT_STATUSES}", name="status"),
        UniqueConstraint("provider", "provider_reference"),
        Index("ix_payments_status_next_check_at", "status", "next_check_at"),
        Index("ix_payments_phone_created_at", "phone", "created_at"),
    )

    @property
    def is_final(self):
        return self.status in FINAL_STATUSES


class PaymentEvent(db.Model):
    """A callback, a transition, a refund step…: written by states.record_event, kinds listed in states.KINDS."""

    __tablename__ = "payment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="SET NULL"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(12))  # states.SOURCES
    kind: Mapped[str] = mapped_column(String(20))  # states.KINDS
    status_from: Mapped[str | None] = mapped_column(String(16))
    status_to: Mapped[str | None] = mapped_column(String(16))
    payload: Mapped[str] = mapped_column(Text, default="")
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
