"""Projects to fund, their rewards and updates, and the contributions made to them."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

# rejected: refused for good at review. suspended: taken down after approval, money kept in
# escrow and taking none until reinstated. cancelled: unpublished, money given back.
PROJECT_STATUSES = ("draft", "submitted", "changes_requested", "rejected", "live", "suspended", "funded", "not_funded",
                    "cancelled")
FUNDING_MODELS = ("flexible", "all_or_nothing")
# A contribution's allowed moves; app/funding/ledger.py makes them, and nothing else does.
# pending: its payment is not settled yet. failed -> pending: an expired payment turned out
# paid (revived, then credited or held). refund_pending: money received that goes back to
# the payer (an all-or-nothing project that missed its goal, or paid after such a close).
CONTRIBUTION_MOVES = {
    "pending": ("succeeded", "failed", "refund_pending"),
    "failed": ("pending",),
    "succeeded": ("refund_pending",),
    "refund_pending": ("refunded",),
    "refunded": (),
}
CONTRIBUTION_STATUSES = tuple(CONTRIBUTION_MOVES)


class Project(db.Model):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    short_code: Mapped[str] = mapped_column(String(12), unique=True)  # /p/<short_code>, sent by SMS
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    film_id: Mapped[int | None] = mapped_column(ForeignKey("films.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    pitch: Mapped[str] = mapped_column(String(280), default="")  # the two lines an SMS reader sees
    synopsis: Mapped[str] = mapped_column(Text, default="")
    technical_sheet: Mapped[str] = mapped_column(Text, default="")
    showreel_url: Mapped[str | None] = mapped_column(String(500))
    # The presentation video: a film row of kind "pitch" (app.studio.pitch).
    pitch_film_id: Mapped[int | None] = mapped_column(ForeignKey("films.id", ondelete="SET NULL"))
    poster_key: Mapped[str | None] = mapped_column(String(16))
    poster_color: Mapped[str] = mapped_column(String(7), default="#444444")
    goal_fcfa: Mapped[int] = mapped_column(BigInteger)  # money sums are 64-bit
    # Kept equal to the sum of succeeded contributions by the code that credits them.
    raised_fcfa: Mapped[int] = mapped_column(BigInteger, default=0)
    contributors_count: Mapped[int] = mapped_column(default=0)
    # Highest milestone (50, 100) already announced to followers, so none is sent twice.
    milestone_pct: Mapped[int] = mapped_column(default=0)
    funding_model: Mapped[str] = mapped_column(String(16), default="flexible")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    review_comment: Mapped[str] = mapped_column(Text, default="")
    takedown_reason: Mapped[str] = mapped_column(Text, default="")  # why an admin suspended or cancelled it
    ends_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    went_live_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    film = relationship("Film", backref="projects", foreign_keys=[film_id])
    pitch_film = relationship("Film", foreign_keys=[pitch_film_id])
    owner = relationship("User", foreign_keys=[owner_id])
    rewards: Mapped[list["Reward"]] = relationship(
        back_populates="project", order_by="Reward.min_amount_fcfa", cascade="all, delete-orphan"
    )
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        order_by="BudgetLine.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(f"status IN {PROJECT_STATUSES}", name="status"),
        CheckConstraint(f"funding_model IN {FUNDING_MODELS}", name="funding_model"),
        CheckConstraint("goal_fcfa > 0 AND raised_fcfa >= 0 AND contributors_count >= 0", name="amounts"),
        Index("ix_projects_status_ends_at", "status", "ends_at"),
    )

    @property
    def percent_funded(self):
        return self.raised_fcfa * 100 // self.goal_fcfa if self.goal_fcfa else 0  # 112 % when over; the bar caps itself

    @property
    def is_live(self):
        return self.status == "live"


class BudgetLine(db.Model):
    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    amount_fcfa: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("amount_fcfa >= 0", name="amount"),)


class Reward(db.Model):
    """A contrepartie; quantity None means unlimited, claimed_count never exceeds it."""

    __tablename__ = "rewards"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    min_amount_fcfa: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int | None]
    claimed_count: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="rewards")

    __table_args__ = (
        CheckConstraint("min_amount_fcfa > 0", name="min_amount"),
        CheckConstraint("quantity IS NULL OR claimed_count <= quantity", name="not_over_allocated"),
    )

    @property
    def remaining(self):
        return None if self.quantity is None else self.quantity - self.claimed_count


class ProjectUpdate(db.Model):
    __tablename__ = "project_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Contribution(db.Model):
    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reward_id: Mapped[int | None] = mapped_column(ForeignKey("rewards.id", ondelete="SET NULL"))
    amount_fcfa: Mapped[int] = mapped_column(BigInteger)
    display_name: Mapped[str | None] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(String(500), default="")
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    wants_news: Mapped[bool] = mapped_column(default=False)  # follow the project by SMS once paid
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded_at: Mapped[datetime | None]
    # When the team handed over the reward (app.funding.rewards); None: not yet.
    reward_delivered_at: Mapped[datetime | None]

    project: Mapped[Project] = relationship()
    reward: Mapped[Reward | None] = relationship()

    __table_args__ = (
        CheckConstraint("amount_fcfa > 0", name="amount"),
        CheckConstraint(f"status IN {CONTRIBUTION_STATUSES}", name="status"),
        Index("ix_contributions_project_id_status", "project_id", "status"),
    )


class ProjectFollower(db.Model):
    """Someone who asked for a project's news by SMS: a member, or a contributor by phone."""

    __tablename__ = "project_followers"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    phone: Mapped[str] = mapped_column(String(16))  # E.164
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("project_id", "phone"),)


# The books (app/funding/books.py writes them, called by ledger.py alone). A leg's amount is
# what its account is owed, in signed whole FCFA: positive into escrow, payable, fees and
# refunds due; negative into a provider's clearing account, the money that provider holds
# for us. The legs of one transaction sum to zero.
# A contest's paid votes (app/contests/tally.py): "vote" books a confirmed ballot from clearing
# into the contest's escrow, "vote_void" a ballot an administrator rejected, from that escrow to
# refunds due; those legs name the contest.
LEDGER_KINDS = ("credit", "held", "hold", "refund", "release", "payout", "vote", "vote_void")
LEDGER_ACCOUNTS = ("clearing", "escrow", "payable", "platform_fees", "provider_fees", "refunds_due",
                   "contest_escrow")


class LedgerTransaction(db.Model):
    __tablename__ = "ledger_transactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    # What it books, once: "credit:<contribution id>", "payout:<payout id>"…
    key: Mapped[str] = mapped_column(String(60), unique=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    legs: Mapped[list["LedgerLeg"]] = relationship(order_by="LedgerLeg.id", cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint(f"kind IN {LEDGER_KINDS}", name="kind"),)


class LedgerLeg(db.Model):
    __tablename__ = "ledger_legs"

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id", ondelete="CASCADE"), index=True)
    account: Mapped[str] = mapped_column(String(16))
    # The provider of a clearing leg (paygate, mtn_momo, paydunya, manual); the project of an
    # escrow or payable leg.
    provider: Mapped[str | None] = mapped_column(String(20))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="SET NULL"), index=True)
    amount_fcfa: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint(f"account IN {LEDGER_ACCOUNTS}", name="account"),
        CheckConstraint("amount_fcfa <> 0", name="amount"),
        Index("ix_ledger_legs_account_project_id", "account", "project_id"),
    )
