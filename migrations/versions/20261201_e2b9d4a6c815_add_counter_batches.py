"""add counter batches

Revision ID: e2b9d4a6c815
Revises: e5b2d8c4a913
Create Date: 2026-12-01 13:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e2b9d4a6c815'
down_revision = 'e5b2d8c4a913'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'counter_batches',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('flushed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_batches')),
    )


def downgrade():
    op.drop_table('counter_batches')
