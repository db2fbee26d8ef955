"""Invitations to a team, a project's own team, and what a member shows of their talent."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalog.models import CREDIT_ROLES, Person
from app.extensions import db
from app.timeutil import utcnow

# expired is not stored: a pending invitation past its expires_at is expired (invitations.state_of).
INVITATION_STATUSES = ("pending", "accepted", "declined", "revoked")


class Invitation(db.Model):
    """A personal link to join a film's team (film_id) or a project's (project_id)."""
    __tablename__ = "team_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)  # /invitations/<token>, never logged
    film_id: Mapped[int | None] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    character_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(16))  # E.164, for the SMS only; never shown
    status: Mapped[str] = mapped_column(String(10), default="pending")
    expires_at: Mapped[datetime]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    film = relationship("Film")
    project = relationship("Project")
    invited_by = relationship("User", foreign_keys=[invited_by_id])

    __table_args__ = (
        CheckConstraint(f"status IN {INVITATION_STATUSES}", name="status"),
        CheckConstraint(f"role IN {CREDIT_ROLES}", name="role"),
        CheckConstraint("(film_id IS NULL) <> (project_id IS NULL)", name="one_team"),
    )


class ProjectCredit(db.Model):
    """A member of a project's team, as a film's Credit is of the film's."""
    __tablename__ = "project_credits"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    character_name: Mapped[str | None] = mapped_column(String(120))

    person: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("project_id", "person_id", "role"),
        CheckConstraint(f"role IN {CREDIT_ROLES}", name="role"),
    )


class TalentProfile(db.Model):
    """What a member tells of their work, each part shown or hidden by them.

    The `shown_*` columns are written by talents.save_profile from the shown parts only, folded:
    the search reads them alone, so a hidden part cannot be found.
    """
    __tablename__ = "talent_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    is_public: Mapped[bool] = mapped_column(default=False, server_default=false())
    skills: Mapped[str] = mapped_column(String(300), default="")  # comma-separated, as typed
    city: Mapped[str] = mapped_column(String(80), default="")
    country_code: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[str] = mapped_column(String(120), default="")  # comma-separated codes
    bio: Mapped[str] = mapped_column(Text, default="")
    available: Mapped[bool] = mapped_column(default=False, server_default=false())
    show_skills: Mapped[bool] = mapped_column(default=True)
    show_city: Mapped[bool] = mapped_column(default=True)
    show_country: Mapped[bool] = mapped_column(default=True)
    show_languages: Mapped[bool] = mapped_column(default=True)
    show_bio: Mapped[bool] = mapped_column(default=True)
    show_available: Mapped[bool] = mapped_column(default=True)
    shown_skills: Mapped[str] = mapped_column(Text, default="")  # ",camera,montage,"
    shown_city: Mapped[str] = mapped_column(String(80), default="")
    shown_country: Mapped[str | None] = mapped_column(String(2))
    shown_languages: Mapped[str] = mapped_column(String(120), default="")  # ",ewe,fr,"
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_talent_profiles_is_public", "is_public"),)
