"""add ops incidents and daily reports

Revision ID: e5b2d8c4a913
Revises: e2b7d4a9c6f1
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5b2d8c4a913'
down_revision = 'e2b7d4a9c6f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'ops_incidents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('check_name', sa.String(length=40), nullable=False),
        sa.Column('detail', sa.String(length=200), nullable=False),
        sa.Column('last_detail', sa.String(length=200), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ops_incidents')),
    )
    op.create_index('uq_ops_incidents_open_check', 'ops_incidents', ['check_name'], unique=True,
                    postgresql_where=sa.text('cleared_at IS NULL'), sqlite_where=sa.text('cleared_at IS NULL'))
    op.create_table(
        'ops_daily_reports',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('viewings', sa.Integer(), nullable=False),
        sa.Column('unique_viewers', sa.Integer(), nullable=False),
        sa.Column('contributions_count', sa.Integer(), nullable=False),
        sa.Column('contributions_fcfa', sa.BigInteger(), nullable=False),
        sa.Column('page_bytes', sa.BigInteger(), nullable=True),
        sa.Column('video_bytes', sa.BigInteger(), nullable=True),
        sa.Column('top_films', sa.JSON(), nullable=False),
        sa.Column('top_projects', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_ops_daily_reports')),
    )


def downgrade():
    op.drop_table('ops_daily_reports')
    op.drop_index('uq_ops_incidents_open_check', table_name='ops_incidents')
    op.drop_table('ops_incidents')
