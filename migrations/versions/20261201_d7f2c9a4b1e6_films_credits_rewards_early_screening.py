"""films linked to members' profiles, rewards delivered, early screening for backers

Revision ID: d7f2c9a4b1e6
Revises: b8d1f3a6c2e4
Create Date: 2026-12-01 21:00:00

- `people.user_id`: a person in a film's credits who is a member, so their profile lists
  the film (at most one person per member);
- `contributions.reward_delivered_at`: when the team handed over the contribution's reward;
- `films.backers_until`: until then, only the backers of a project linked to the film may
  watch it (an early screening); everyone else is told when it opens.
"""
import sqlalchemy as sa
from alembic import op


revision = 'd7f2c9a4b1e6'
down_revision = 'b8d1f3a6c2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_people_user_id_users', 'users', ['user_id'], ['id'], ondelete='SET NULL')
        batch.create_unique_constraint('uq_people_user_id', ['user_id'])
    with op.batch_alter_table('contributions') as batch:
        batch.add_column(sa.Column('reward_delivered_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('films') as batch:
        batch.add_column(sa.Column('backers_until', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('films') as batch:
        batch.drop_column('backers_until')
    with op.batch_alter_table('contributions') as batch:
        batch.drop_column('reward_delivered_at')
    with op.batch_alter_table('people') as batch:
        batch.drop_constraint('uq_people_user_id', type_='unique')
        batch.drop_constraint('fk_people_user_id_users', type_='foreignkey')
        batch.drop_column('user_id')
