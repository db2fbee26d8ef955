"""What operations keep: one row per alert incident, one row per day of the team's report."""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow


class Incident(db.Model):
    """A check that failed, from the run that first saw it to the run that saw it pass again.

    At most one open incident per check (a unique index on `check_name` where `cleared_at` is
    null), so two overlapping runs of `flask ops alerts` cannot both announce it."""

    __tablename__ = "ops_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_name: Mapped[str] = mapped_column(String(40))  # alerts.CHECKS
    detail: Mapped[str] = mapped_column(String(200), default="")  # the first failing reading
    last_detail: Mapped[str] = mapped_column(String(200), default="")  # the latest one
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    cleared_at: Mapped[datetime | None]

    __table_args__ = (
        Index("uq_ops_incidents_open_check", "check_name", unique=True,
              postgresql_where=text("cleared_at IS NULL"), sqlite_where=text("cleared_at IS NULL")),
    )

    @property
    def is_open(self):
        return self.cleared_at is None


class DailyReport(db.Model):
    """One day's figures, written by `flask ops daily-report` (app/ops/report.py) alone."""

    __tablename__ = "ops_daily_reports"

    day: Mapped[date] = mapped_column(primary_key=True)  # UTC, which is Lomé's time
    viewings: Mapped[int] = mapped_column(default=0)  # viewer-and-film pairs that day (daily_views)
    unique_viewers: Mapped[int] = mapped_column(default=0)
    contributions_count: Mapped[int] = mapped_column(default=0)  # succeeded, by the day they were made
    contributions_fcfa: Mapped[int] = mapped_column(BigInteger, default=0)
    page_bytes: Mapped[int | None] = mapped_column(BigInteger)  # None: not measured that day
    video_bytes: Mapped[int | None] = mapped_column(BigInteger)
    top_films: Mapped[list] = mapped_column(JSON, default=list)  # [{"title", "slug", "viewings"}]
    top_projects: Mapped[list] = mapped_column(JSON, default=list)  # [{"title", "code", "fcfa", "count"}]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
