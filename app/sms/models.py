"""Every SMS we send, kept as the outbox: what, to whom, how many segments, and its fate."""
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow

SMS_STATUSES = ("queued", "sent", "delivered", "failed")


class SmsMessage(db.Model):
    __tablename__ = "sms_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_phone: Mapped[str] = mapped_column(String(16))  # E.164
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))  # receipt | code | news:<project>:<kind>:<update> …
    encoding: Mapped[str] = mapped_column(String(4))  # gsm7 | ucs2
    segments: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="queued")
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    error: Mapped[str | None] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint(f"status IN {SMS_STATUSES}", name="status"),
        Index("ix_sms_messages_status_created_at", "status", "created_at"),
    )
