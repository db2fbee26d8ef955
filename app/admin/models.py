"""The audit log: every administrator action, who did it and when."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    admin_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))  # project.approve, film.feature, user.disable …
    target_type: Mapped[str] = mapped_column(String(20))  # project | film | user | comment | payment
    target_id: Mapped[int]
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    admin = relationship("User")

    __table_args__ = (Index("ix_audit_entries_target", "target_type", "target_id"),
                      Index("ix_audit_entries_created_at", "created_at"))
