"""index viewings by film and time, for "Because you watched …"

Revision ID: a7c3e9f1d2b4
Revises: c4d8e2f6a1b3
Create Date: 2026-12-01 22:15:00
"""
from alembic import op


revision = 'a7c3e9f1d2b4'
down_revision = 'c4d8e2f6a1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_viewings_film_id_updated_at", "viewings", ["film_id", "updated_at"])


def downgrade():
    op.drop_index("ix_viewings_film_id_updated_at", table_name="viewings")
