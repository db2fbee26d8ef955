"""add comment reports

Revision ID: a7c3e5f19b2d
Revises: 9d41b7c3e2a0
Create Date: 2026-12-01 10:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c3e5f19b2d'
down_revision = '9d41b7c3e2a0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'comment_reports',
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_reports_comment_id_comments'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comment_reports_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('comment_id', 'user_id', name=op.f('pk_comment_reports')),
    )


def downgrade():
    op.drop_table('comment_reports')
