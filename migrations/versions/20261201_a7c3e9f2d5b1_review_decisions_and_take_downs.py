"""review decisions people hear about, take-downs, a published film's new video in review

Revision ID: a7c3e9f2d5b1
Revises: d7f2c9a4b1e6
Create Date: 2026-12-01 21:00:00

Projects can be rejected for good or suspended after approval; films refused for good or
withdrawn after publication, each with the reason given. A film keeps its review comment and
the time it was submitted (the answer is due 7 days later). A published film's new video is
transcoded into renditions kept aside (`staged`) until an administrator approves them.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c3e9f2d5b1'
down_revision = 'd7f2c9a4b1e6'
branch_labels = None
depends_on = None

PROJECT_BEFORE = "('draft', 'submitted', 'changes_requested', 'live', 'funded', 'not_funded', 'cancelled')"
PROJECT_AFTER = ("('draft', 'submitted', 'changes_requested', 'rejected', 'live', 'suspended', 'funded', "
                 "'not_funded', 'cancelled')")
FILM_BEFORE = "('draft', 'in_review', 'published', 'rejected')"
FILM_AFTER = "('draft', 'in_review', 'published', 'rejected', 'refused', 'withdrawn')"


def upgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('takedown_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.drop_constraint(op.f('ck_projects_status'), type_='check')
        batch_op.create_check_constraint('status', f"status IN {PROJECT_AFTER}")
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_comment', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('takedown_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('new_video_in_review', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_constraint(op.f('ck_films_status'), type_='check')
        batch_op.create_check_constraint('status', f"status IN {FILM_AFTER}")
    with op.batch_alter_table('renditions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staged', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_constraint('uq_renditions_film_id_codec_height', type_='unique')
        batch_op.create_unique_constraint('uq_renditions_film_id_codec_height_staged',
                                          ['film_id', 'codec', 'height', 'staged'])
    op.execute("UPDATE films SET submitted_at = created_at WHERE status = 'in_review'")


def downgrade():
    op.execute("DELETE FROM renditions WHERE staged")
    op.execute("UPDATE projects SET status = 'changes_requested' WHERE status = 'rejected'")
    op.execute("UPDATE projects SET status = 'cancelled' WHERE status = 'suspended'")
    op.execute("UPDATE films SET status = 'rejected' WHERE status IN ('refused', 'withdrawn')")
    with op.batch_alter_table('renditions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_renditions_film_id_codec_height_staged', type_='unique')
        batch_op.create_unique_constraint('uq_renditions_film_id_codec_height', ['film_id', 'codec', 'height'])
        batch_op.drop_column('staged')
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_films_status'), type_='check')
        batch_op.create_check_constraint('status', f"status IN {FILM_BEFORE}")
        for column in ('new_video_in_review', 'submitted_at', 'takedown_reason', 'review_comment'):
            batch_op.drop_column(column)
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_projects_status'), type_='check')
        batch_op.create_check_constraint('status', f"status IN {PROJECT_BEFORE}")
        batch_op.drop_column('takedown_reason')
