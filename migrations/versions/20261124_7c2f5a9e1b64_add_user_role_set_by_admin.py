"""add user role set by admin

Revision ID: 7c2f5a9e1b64
Revises: 3b7e9c41d2a8
Create Date: 2026-11-24 09:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7c2f5a9e1b64'
down_revision = '3b7e9c41d2a8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_set_by_admin', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('role_set_by_admin')
