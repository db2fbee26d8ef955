"""A filmmaker's identity check: one row per member, its document private to administrators."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

CHECK_STATUSES = ("pending", "approved", "rejected")


class CreatorCheck(db.Model):
    __tablename__ = "creator_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # The identity document, in the store under identity/<user id>/…: never served to anyone but admins.
    document_key: Mapped[str | None] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40), default="application/pdf")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    comment: Mapped[str] = mapped_column(Text, default="")  # why it was refused, for the filmmaker
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user = relationship("User", foreign_keys=[user_id])

    __table_args__ = (CheckConstraint(f"status IN {CHECK_STATUSES}", name="status"),)

    @property
    def is_approved(self):
        return self.status == "approved"
