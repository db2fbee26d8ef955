"""add film transcode progress

Revision ID: c4e8a1f07b3d
Revises: a7c3e5f19b2d
Create Date: 2026-12-01 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4e8a1f07b3d'
down_revision = 'a7c3e5f19b2d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.add_column(sa.Column('transcode_progress', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.drop_column('transcode_progress')
