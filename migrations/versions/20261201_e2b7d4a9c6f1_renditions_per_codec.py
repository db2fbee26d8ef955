"""renditions per codec: a film has an AV1, an H.264 and a sound-only ladder

Revision ID: e2b7d4a9c6f1
Revises: c4e8a1f07b3d
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e2b7d4a9c6f1'
down_revision = 'c4e8a1f07b3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('renditions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fragmented', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_constraint('uq_renditions_film_id', type_='unique')
        batch_op.create_unique_constraint('uq_renditions_film_id_codec_height', ['film_id', 'codec', 'height'])
    op.execute("UPDATE renditions SET codec = 'h264' WHERE codec = 'avc1/mp4a'")


def downgrade():
    op.execute("DELETE FROM renditions WHERE codec <> 'h264'")
    op.execute("UPDATE renditions SET codec = 'avc1/mp4a' WHERE codec = 'h264'")
    with op.batch_alter_table('renditions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_renditions_film_id_codec_height', type_='unique')
        batch_op.create_unique_constraint('uq_renditions_film_id', ['film_id', 'height'])
        batch_op.drop_column('fragmented')
