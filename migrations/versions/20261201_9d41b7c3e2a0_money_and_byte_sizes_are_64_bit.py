"""money and byte sizes are 64-bit

Revision ID: 9d41b7c3e2a0
Revises: 7c2f5a9e1b64
Create Date: 2026-12-01 10:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9d41b7c3e2a0'
down_revision = '7c2f5a9e1b64'
branch_labels = None
depends_on = None

COLUMNS = {
    'projects': ('goal_fcfa', 'raised_fcfa'),
    'budget_lines': ('amount_fcfa',),
    'rewards': ('min_amount_fcfa',),
    'contributions': ('amount_fcfa',),
    'payments': ('amount_fcfa',),
    'upload_sessions': ('length', 'received'),
    'renditions': ('size_bytes',),
}


def _alter(to_type, from_type):
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=from_type, type_=to_type, existing_nullable=False)


def upgrade():
    _alter(sa.BigInteger(), sa.Integer())


def downgrade():
    _alter(sa.Integer(), sa.BigInteger())
