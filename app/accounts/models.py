"""Members and what they keep about films: favourites, ratings and comments."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

ROLES = ("viewer", "filmmaker", "producer", "admin")
DATA_SAVER_CHOICES = ("auto", "saver", "standard", "high")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)  # E.164, the sign-in identifier
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80), default="")
    country_code: Mapped[str | None] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    # Once an administrator has decided a member's role, the member can no longer change it.
    role_set_by_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Part of the id kept in session and remember cookies: moving it on ends every session.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    locale: Mapped[str | None] = mapped_column(String(5))
    data_saver: Mapped[str] = mapped_column(String(8), default="auto")
    phone_verified_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint(f"data_saver IN {DATA_SAVER_CHOICES}", name="data_saver"),
    )

    def get_id(self):
        """What Flask-Login keeps in the session and the remember cookie (see members.by_session_id)."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self):
        return self.disabled_at is None

    @property
    def is_admin(self):
        return self.role == "admin"

    @property
    def makes_films(self):
        return self.role in ("filmmaker", "producer", "admin")


class Favourite(db.Model):
    __tablename__ = "favourites"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Rating(db.Model):
    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    stars: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "film_id"),
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),
    )


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="visible")  # visible | hidden
    reports_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
    film = relationship("Film")

    __table_args__ = (CheckConstraint("status IN ('visible', 'hidden')", name="status"),)


class CommentReport(db.Model):
    """One report per member and comment: tapping "Signaler" again changes nothing."""

    __tablename__ = "comment_reports"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VerificationCode(db.Model):
    """A 6-digit code sent by SMS; only its keyed hash is stored."""

    __tablename__ = "verification_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    purpose: Mapped[str] = mapped_column(String(8))  # signup | signin | reset
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("purpose IN ('signup', 'signin', 'reset')", name="purpose"),)
