"""A conversation per film and per project, its messages, reports, bans and SMS opt-ins."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow


class Conversation(db.Model):
    """Created with its first message or opt-in; `version` moves with anything its page shows
    (a message posted, hidden or pinned), so a poll compares one number."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int | None] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    pinned_message_id: Mapped[int | None]  # no foreign key: the two tables would point at each other
    version: Mapped[int] = mapped_column(default=0)
    message_count: Mapped[int] = mapped_column(default=0)  # visible messages
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    film = relationship("Film")
    project = relationship("Project")

    __table_args__ = (CheckConstraint("(film_id IS NULL) <> (project_id IS NULL)", name="one_subject"),)


class Message(db.Model):
    """Stored masked: the original of a masked part is not kept (docs/decisions.md)."""

    __tablename__ = "conversation_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    masked: Mapped[str] = mapped_column(String(40), default="")  # "phone,email,payment": what was masked
    status: Mapped[str] = mapped_column(String(8), default="visible")  # visible | hidden
    reports_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User")
    conversation = relationship(Conversation)

    __table_args__ = (CheckConstraint("status IN ('visible', 'hidden')", name="status"),
                      Index("ix_conversation_messages_conversation_id_id", "conversation_id", "id"))


class MessageReport(db.Model):
    """One report per member and message."""

    __tablename__ = "conversation_reports"

    message_id: Mapped[int] = mapped_column(ForeignKey("conversation_messages.id", ondelete="CASCADE"),
                                            primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationBan(db.Model):
    __tablename__ = "conversation_bans"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    banned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamAnswerAlert(db.Model):
    """A member who asked "me prévenir par SMS quand l'équipe répond"; `last_sms_at` spaces the SMS."""

    __tablename__ = "conversation_sms_alerts"

    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_sms_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
