"""add contests, candidates, ballots; payments settle a ballot; contest legs in the books

Revision ID: c4e8a2f6b9d1
Revises: 91cc8801bad7
Create Date: 2026-12-02 01:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c4e8a2f6b9d1'
down_revision = "91cc8801bad7"
branch_labels = None
depends_on = None

KINDS_BEFORE = ("credit", "held", "hold", "refund", "release", "payout")
KINDS_AFTER = KINDS_BEFORE + ("vote", "vote_void")
ACCOUNTS_BEFORE = ("clearing", "escrow", "payable", "platform_fees", "provider_fees", "refunds_due")
ACCOUNTS_AFTER = ACCOUNTS_BEFORE + ("contest_escrow",)


def upgrade():
    op.create_table(
        'contests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=60), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('theme', sa.String(length=200), nullable=False),
        sa.Column('rules', sa.Text(), nullable=False),
        sa.Column('prize', sa.String(length=200), nullable=False),
        sa.Column('vote_price_fcfa', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f('ck_contests_status')),
        sa.CheckConstraint('vote_price_fcfa > 0', name=op.f('ck_contests_price')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contests')),
        sa.UniqueConstraint('slug', name=op.f('uq_contests_slug')),
    )
    op.create_table(
        'candidates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('film_id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('votes_count', sa.Integer(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('submitted', 'approved', 'refused')", name=op.f('ck_candidates_status')),
        sa.CheckConstraint('votes_count >= 0', name=op.f('ck_candidates_votes')),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_candidates_contest_id_contests'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['film_id'], ['films.id'], name=op.f('fk_candidates_film_id_films'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_candidates_owner_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
        sa.UniqueConstraint('contest_id', 'owner_id', name='uq_candidates_contest_id'),
    )
    op.create_index('ix_candidates_contest_id_votes_count', 'candidates', ['contest_id', 'votes_count'])
    op.create_table(
        'ballots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('votes', sa.Integer(), nullable=False),
        sa.Column('amount_fcfa', sa.BigInteger(), nullable=False),
        sa.Column('phone', sa.String(length=16), nullable=True),
        sa.Column('client_ip', sa.String(length=45), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('hold_reason', sa.String(length=20), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'counted', 'held', 'rejected', 'failed')",
                           name=op.f('ck_ballots_status')),
        sa.CheckConstraint('votes > 0 AND amount_fcfa > 0', name=op.f('ck_ballots_amount')),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'], name=op.f('fk_ballots_contest_id_contests'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_ballots_candidate_id_candidates'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    )
    op.create_index('ix_ballots_contest_id_status', 'ballots', ['contest_id', 'status'])
    op.create_index('ix_ballots_phone_created_at', 'ballots', ['phone', 'created_at'])
    op.create_index('ix_ballots_client_ip_created_at', 'ballots', ['client_ip', 'created_at'])
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ballot_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(op.f('uq_payments_ballot_id'), ['ballot_id'])
        batch_op.create_foreign_key(op.f('fk_payments_ballot_id_ballots'), 'ballots', ['ballot_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('ledger_transactions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ledger_transactions_kind'), type_='check')
        batch_op.create_check_constraint('kind', f"kind IN {KINDS_AFTER}")
    with op.batch_alter_table('ledger_legs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contest_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_ledger_legs_contest_id'), ['contest_id'])
        batch_op.create_foreign_key(op.f('fk_ledger_legs_contest_id_contests'), 'contests', ['contest_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.drop_constraint(op.f('ck_ledger_legs_account'), type_='check')
        batch_op.create_check_constraint('account', f"account IN {ACCOUNTS_AFTER}")


def downgrade():
    op.execute("DELETE FROM ledger_transactions WHERE kind IN ('vote', 'vote_void')")
    with op.batch_alter_table('ledger_legs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ledger_legs_account'), type_='check')
        batch_op.create_check_constraint('account', f"account IN {ACCOUNTS_BEFORE}")
        batch_op.drop_constraint(op.f('fk_ledger_legs_contest_id_contests'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_ledger_legs_contest_id'))
        batch_op.drop_column('contest_id')
    with op.batch_alter_table('ledger_transactions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ledger_transactions_kind'), type_='check')
        batch_op.create_check_constraint('kind', f"kind IN {KINDS_BEFORE}")
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_payments_ballot_id_ballots'), type_='foreignkey')
        batch_op.drop_constraint(op.f('uq_payments_ballot_id'), type_='unique')
        batch_op.drop_column('ballot_id')
    op.drop_table('ballots')
    op.drop_table('candidates')
    op.drop_table('contests')
