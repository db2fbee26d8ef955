"""uploads in progress restart, now stored chunk by chunk

Revision ID: b8d1f3a6c2e4
Revises: e2b9d4a6c815
Create Date: 2026-12-01 18:15:00

Before, an upload's bytes were in a `.part` file of the web node that received them; now each
chunk is an object of the media store (app/studio/chunks.py). The bytes of an upload in
progress are in no chunk, so its offset goes back to 0: the phone asks (HEAD) and sends the
file again from the start; `flask studio cleanup` removes the old `.part` files after an hour.
"""
from alembic import op


revision = 'b8d1f3a6c2e4'
down_revision = 'e2b9d4a6c815'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE upload_sessions SET received = 0 WHERE status = 'receiving'")


def downgrade():
    # The code before this revision can only append to a `.part` file, which these uploads do
    # not have: they end, and the phone starts the file again.
    op.execute("DELETE FROM upload_sessions WHERE status = 'receiving'")
