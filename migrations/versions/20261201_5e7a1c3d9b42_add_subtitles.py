"""add subtitles

Revision ID: 5e7a1c3d9b42
Revises: a7c3e9f1d2b4
Create Date: 2026-12-01 22:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '5e7a1c3d9b42'
down_revision = "a7c3e9f1d2b4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'subtitles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('film_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['film_id'], ['films.id'], name=op.f('fk_subtitles_film_id_films'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subtitles')),
        sa.UniqueConstraint('film_id', 'language', name='uq_subtitles_film_id_language'),
    )


def downgrade():
    op.drop_table('subtitles')
