"""add payment checkout url

Revision ID: 5a1c0e2b7f3d
Revises: 82812de9386e
Create Date: 2026-11-23 01:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5a1c0e2b7f3d'
down_revision = '82812de9386e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkout_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_column('checkout_url')
