"""Payout wallets, treasurers, payouts and approvals."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

NETWORKS = ("flooz", "tmoney", "mtn")
PROVIDER_OF_NETWORK = {"flooz": "paygate", "tmoney": "paygate", "mtn": "mtn_momo"}
# awaiting_approval -> approved -> sending -> paid | failed. `sending` is written and committed
# before the provider is asked, so a second job never asks again; it only checks the status.
PAYOUT_MOVES = {
    "awaiting_approval": ("approved",),
    "approved": ("sending",),
    "sending": ("paid", "failed"),
    "paid": (),
    "failed": (),
}
PAYOUT_STATUSES = tuple(PAYOUT_MOVES)
MAX_TREASURERS = 3
APPROVALS_NEEDED = 2  # both of two treasurers, or two of three


class PayoutWallet(db.Model):
    """Where a filmmaker's payouts go: one mobile-money wallet per member."""

    __tablename__ = "payout_wallets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    phone: Mapped[str] = mapped_column(String(16))  # E.164
    network: Mapped[str] = mapped_column(String(8))
    # MTN: the account holder's name as MTN reports it; Flooz/T-Money: as the filmmaker typed it.
    holder_name: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint(f"network IN {NETWORKS}", name="network"),)


class Treasurer(db.Model):
    __tablename__ = "project_treasurers"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

    user = relationship("User")

    __table_args__ = (UniqueConstraint("project_id", "user_id"),)


class Payout(db.Model):
    """A funded project's money going to its filmmaker; one per project."""

    __tablename__ = "payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="awaiting_approval")
    raised_fcfa: Mapped[int] = mapped_column(BigInteger)  # released from escrow
    fee_fcfa: Mapped[int] = mapped_column(BigInteger)
    amount_fcfa: Mapped[int] = mapped_column(BigInteger)  # paid to the filmmaker
    needs_admin: Mapped[bool] = mapped_column(default=False)
    # The destination the approvals are for (copied from the wallet; a new wallet resets them).
    phone: Mapped[str | None] = mapped_column(String(16))
    network: Mapped[str | None] = mapped_column(String(8))
    holder_name: Mapped[str] = mapped_column(String(120), default="")
    provider: Mapped[str | None] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(36), unique=True)  # ours, sent to the provider
    provider_reference: Mapped[str | None] = mapped_column(String(100))
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    check_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
    requested_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]

    project = relationship("Project")
    approvals: Mapped[list["PayoutApproval"]] = relationship(order_by="PayoutApproval.id",
                                                             cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(f"status IN {PAYOUT_STATUSES}", name="status"),
        CheckConstraint("amount_fcfa >= 0 AND fee_fcfa >= 0 AND raised_fcfa = amount_fcfa + fee_fcfa",
                        name="amounts"),
    )


class PayoutApproval(db.Model):
    __tablename__ = "payout_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    as_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")

    __table_args__ = (UniqueConstraint("payout_id", "user_id", "as_admin"),)
