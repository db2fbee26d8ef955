"""Film contests: a contest, its candidates (a filmmaker's short film each) and the ballots
that pay for votes. Ballot statuses and candidate totals are written by tally.py alone."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import as_utc, utcnow

CONTEST_STATUSES = ("draft", "open", "closed")
CANDIDATE_STATUSES = ("submitted", "approved", "refused")
# pending: its payment is not final; counted: in its candidate's total; held: paid but suspicious,
# left out until an administrator decides; rejected: an administrator refused it (never counted);
# failed: its payment did not go through.
BALLOT_STATUSES = ("pending", "counted", "held", "rejected", "failed")
HOLD_REASONS = ("rapid", "many_candidates")


class Contest(db.Model):
    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    theme: Mapped[str] = mapped_column(String(200), default="")
    rules: Mapped[str] = mapped_column(Text, default="")
    prize: Mapped[str] = mapped_column(String(200), default="")
    vote_price_fcfa: Mapped[int] = mapped_column(default=100)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidates: Mapped[list["Candidate"]] = relationship(back_populates="contest", order_by="Candidate.id")

    __table_args__ = (
        CheckConstraint(f"status IN {CONTEST_STATUSES}", name="status"),
        CheckConstraint("vote_price_fcfa > 0", name="price"),
    )

    @property
    def takes_votes(self):
        return self.status == "open" and as_utc(self.starts_at) <= utcnow() <= as_utc(self.ends_at)


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="submitted")
    votes_count: Mapped[int] = mapped_column(default=0)  # counted ballots' votes, kept by tally.py
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    contest: Mapped[Contest] = relationship(back_populates="candidates")
    film = relationship("Film")

    __table_args__ = (
        CheckConstraint(f"status IN {CANDIDATE_STATUSES}", name="status"),
        CheckConstraint("votes_count >= 0", name="votes"),
        UniqueConstraint("contest_id", "owner_id"),  # one film per filmmaker and contest
        Index("ix_candidates_contest_id_votes_count", "contest_id", "votes_count"),
    )

    @property
    def title(self):
        return self.film.title


class Ballot(db.Model):
    """Votes paid in one payment (payments.ballot_id names it)."""

    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    votes: Mapped[int]
    amount_fcfa: Mapped[int] = mapped_column(BigInteger)
    phone: Mapped[str | None] = mapped_column(String(16))
    client_ip: Mapped[str | None] = mapped_column(String(45))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    hold_reason: Mapped[str | None] = mapped_column(String(20))  # HOLD_REASONS, set when it is cast
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    candidate: Mapped[Candidate] = relationship()
    payment = relationship("Payment", back_populates="ballot", uselist=False)

    __table_args__ = (
        CheckConstraint(f"status IN {BALLOT_STATUSES}", name="status"),
        CheckConstraint("votes > 0 AND amount_fcfa > 0", name="amount"),
        Index("ix_ballots_contest_id_status", "contest_id", "status"),
        Index("ix_ballots_phone_created_at", "phone", "created_at"),
        Index("ix_ballots_client_ip_created_at", "client_ip", "created_at"),
    )

    @property
    def title(self):
        return self.candidate.title
