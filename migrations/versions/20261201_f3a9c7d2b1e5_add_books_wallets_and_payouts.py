"""double-entry books, payout wallets, treasurers, payouts and their approvals

Revision ID: f3a9c7d2b1e5
Revises: f3a9c2d7e1b5
Create Date: 2026-12-01 21:00:00

The books open with the money already moved: each succeeded contribution is booked as a
credit (provider clearing -> project escrow), each one held for refund as held (clearing ->
refunds due), each refunded one as held then refunded, so `check-ledger` balances from the
first day.
"""
import sqlalchemy as sa
from alembic import op


revision = 'f3a9c7d2b1e5'
down_revision = 'f3a9c2d7e1b5'
branch_labels = None
depends_on = None

LEDGER_KINDS = ("credit", "held", "hold", "refund", "release", "payout")
LEDGER_ACCOUNTS = ("clearing", "escrow", "payable", "platform_fees", "provider_fees", "refunds_due")
PAYOUT_STATUSES = ("awaiting_approval", "approved", "sending", "paid", "failed")
NETWORKS = ("flooz", "tmoney", "mtn")


def upgrade():
    op.create_table(
        "ledger_transactions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", name=op.f("fk_ledger_transactions_project_id_projects"), ondelete="SET NULL")),
        sa.Column("contribution_id", sa.Integer(), sa.ForeignKey("contributions.id", name=op.f("fk_ledger_transactions_contribution_id_contributions"), ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"kind IN {LEDGER_KINDS}", name=op.f("ck_ledger_transactions_kind")),
        sa.UniqueConstraint("key", name=op.f("uq_ledger_transactions_key")),
    )
    op.create_index(op.f("ix_ledger_transactions_project_id"), "ledger_transactions", ["project_id"])
    op.create_table(
        "ledger_legs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("transaction_id", sa.Integer(), sa.ForeignKey("ledger_transactions.id", name=op.f("fk_ledger_legs_transaction_id_ledger_transactions"), ondelete="CASCADE"), nullable=False),
        sa.Column("account", sa.String(16), nullable=False),
        sa.Column("provider", sa.String(20)),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", name=op.f("fk_ledger_legs_project_id_projects"), ondelete="SET NULL")),
        sa.Column("amount_fcfa", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(f"account IN {LEDGER_ACCOUNTS}", name=op.f("ck_ledger_legs_account")),
        sa.CheckConstraint("amount_fcfa <> 0", name=op.f("ck_ledger_legs_amount")),
    )
    op.create_index(op.f("ix_ledger_legs_transaction_id"), "ledger_legs", ["transaction_id"])
    op.create_index("ix_ledger_legs_account_project_id", "ledger_legs", ["account", "project_id"])
    op.create_table(
        "payout_wallets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name=op.f("fk_payout_wallets_user_id_users"), ondelete="CASCADE"), nullable=False),
        sa.Column("phone", sa.String(16), nullable=False),
        sa.Column("network", sa.String(8), nullable=False),
        sa.Column("holder_name", sa.String(120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"network IN {NETWORKS}", name=op.f("ck_payout_wallets_network")),
        sa.UniqueConstraint("user_id", name=op.f("uq_payout_wallets_user_id")),
    )
    op.create_table(
        "project_treasurers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", name=op.f("fk_project_treasurers_project_id_projects"), ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name=op.f("fk_project_treasurers_user_id_users"), ondelete="CASCADE"), nullable=False),
        sa.UniqueConstraint("project_id", "user_id", name=op.f("uq_project_treasurers_project_id")),
    )
    op.create_index(op.f("ix_project_treasurers_project_id"), "project_treasurers", ["project_id"])
    op.create_table(
        "payouts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id", name=op.f("fk_payouts_project_id_projects"), ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("raised_fcfa", sa.BigInteger(), nullable=False),
        sa.Column("fee_fcfa", sa.BigInteger(), nullable=False),
        sa.Column("amount_fcfa", sa.BigInteger(), nullable=False),
        sa.Column("needs_admin", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(16)),
        sa.Column("network", sa.String(8)),
        sa.Column("holder_name", sa.String(120), nullable=False),
        sa.Column("provider", sa.String(20)),
        sa.Column("reference", sa.String(36), nullable=False),
        sa.Column("provider_reference", sa.String(100)),
        sa.Column("failure_reason", sa.String(200)),
        sa.Column("check_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True)),
        sa.Column("requested_at", sa.DateTime(timezone=True)),
        sa.Column("paid_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(f"status IN {PAYOUT_STATUSES}", name=op.f("ck_payouts_status")),
        sa.CheckConstraint("amount_fcfa >= 0 AND fee_fcfa >= 0 AND raised_fcfa = amount_fcfa + fee_fcfa",
                           name=op.f("ck_payouts_amounts")),
        sa.UniqueConstraint("project_id", name=op.f("uq_payouts_project_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_payouts_reference")),
    )
    op.create_table(
        "payout_approvals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("payout_id", sa.Integer(), sa.ForeignKey("payouts.id", name=op.f("fk_payout_approvals_payout_id_payouts"), ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name=op.f("fk_payout_approvals_user_id_users"), ondelete="SET NULL")),
        sa.Column("as_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("payout_id", "user_id", "as_admin", name=op.f("uq_payout_approvals_payout_id")),
    )
    op.create_index(op.f("ix_payout_approvals_payout_id"), "payout_approvals", ["payout_id"])
    _open_the_books()


def _open_the_books():
    """Books the money already moved, as the code would have (app/funding/ledger.py)."""
    provider = ("COALESCE((SELECT p.provider FROM payments p WHERE p.contribution_id = c.id "
                "AND p.status IN ('succeeded', 'refunded') ORDER BY p.id LIMIT 1), 'manual')")
    for kind, statuses, account in (("credit", "('succeeded')", "escrow"),
                                    ("held", "('refund_pending', 'refunded')", "refunds_due"),
                                    ("refund", "('refunded')", "refunds_due")):
        op.execute(f"INSERT INTO ledger_transactions (kind, key, project_id, contribution_id, created_at) "
                   f"SELECT '{kind}', '{kind}:' || c.id, c.project_id, c.id, CURRENT_TIMESTAMP FROM contributions c "
                   f"WHERE c.status IN {statuses}")
        sign = -1 if kind == "refund" else 1
        op.execute(f"INSERT INTO ledger_legs (transaction_id, account, provider, project_id, amount_fcfa) "
                   f"SELECT t.id, 'clearing', {provider}, NULL, {-sign} * c.amount_fcfa FROM ledger_transactions t "
                   f"JOIN contributions c ON c.id = t.contribution_id WHERE t.kind = '{kind}'")
        op.execute(f"INSERT INTO ledger_legs (transaction_id, account, provider, project_id, amount_fcfa) "
                   f"SELECT t.id, '{account}', NULL, c.project_id, {sign} * c.amount_fcfa FROM ledger_transactions t "
                   f"JOIN contributions c ON c.id = t.contribution_id WHERE t.kind = '{kind}'")


def downgrade():
    for table in ("payout_approvals", "payouts", "project_treasurers", "payout_wallets", "ledger_legs",
                  "ledger_transactions"):
        op.drop_table(table)
