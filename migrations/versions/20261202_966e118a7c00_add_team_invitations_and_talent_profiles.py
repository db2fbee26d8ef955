"""add team invitations, project teams and talent profiles; credits take crew roles

Revision ID: 966e118a7c00
Revises: 5e7a1c3d9b42
Create Date: 2026-12-02 00:46:05

"""
import sqlalchemy as sa
from alembic import op

revision = '966e118a7c00'
down_revision = '5e7a1c3d9b42'
branch_labels = None
depends_on = None


OLD_ROLES = "('director', 'screenwriter', 'producer', 'cinematographer', 'editor', 'composer', 'actor')"
NEW_ROLES = ("('director', 'screenwriter', 'producer', 'cinematographer', 'editor', 'composer', 'actor', "
             "'assistant_director', 'sound', 'set_designer', 'costume', 'makeup', 'crew')")


def _credit_roles(roles):
    with op.batch_alter_table('credits') as batch:
        batch.drop_constraint(op.f('ck_credits_role'), type_='check')
        batch.create_check_constraint(op.f('ck_credits_role'), f"role IN {roles}")


def upgrade():
    _credit_roles(NEW_ROLES)
    op.create_table('talent_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_public', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('skills', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('languages', sa.String(length=120), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('available', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('show_skills', sa.Boolean(), nullable=False),
    sa.Column('show_city', sa.Boolean(), nullable=False),
    sa.Column('show_country', sa.Boolean(), nullable=False),
    sa.Column('show_languages', sa.Boolean(), nullable=False),
    sa.Column('show_bio', sa.Boolean(), nullable=False),
    sa.Column('show_available', sa.Boolean(), nullable=False),
    sa.Column('shown_skills', sa.Text(), nullable=False),
    sa.Column('shown_city', sa.String(length=80), nullable=False),
    sa.Column('shown_country', sa.String(length=2), nullable=True),
    sa.Column('shown_languages', sa.String(length=120), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_talent_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_talent_profiles'))
    )
    with op.batch_alter_table('talent_profiles', schema=None) as batch_op:
        batch_op.create_index('ix_talent_profiles_is_public', ['is_public'], unique=False)

    op.create_table('project_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('character_name', sa.String(length=120), nullable=True),
    sa.CheckConstraint("role IN ('director', 'screenwriter', 'producer', 'cinematographer', 'editor', 'composer', 'actor', 'assistant_director', 'sound', 'set_designer', 'costume', 'makeup', 'crew')", name=op.f('ck_project_credits_role')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_project_credits_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_credits_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_credits')),
    sa.UniqueConstraint('project_id', 'person_id', 'role', name=op.f('uq_project_credits_project_id'))
    )
    with op.batch_alter_table('project_credits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_credits_person_id'), ['person_id'], unique=False)

    op.create_table('team_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('film_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('character_name', sa.String(length=120), nullable=True),
    sa.Column('phone', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('director', 'screenwriter', 'producer', 'cinematographer', 'editor', 'composer', 'actor', 'assistant_director', 'sound', 'set_designer', 'costume', 'makeup', 'crew')", name=op.f('ck_team_invitations_role')),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined', 'revoked')", name=op.f('ck_team_invitations_status')),
    sa.CheckConstraint('(film_id IS NULL) <> (project_id IS NULL)', name=op.f('ck_team_invitations_one_team')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_team_invitations_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['film_id'], ['films.id'], name=op.f('fk_team_invitations_film_id_films'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_team_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_team_invitations_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_invitations')),
    sa.UniqueConstraint('token', name=op.f('uq_team_invitations_token'))
    )
    with op.batch_alter_table('team_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_invitations_film_id'), ['film_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_invitations_project_id'), ['project_id'], unique=False)


def downgrade():
    op.execute(f"DELETE FROM credits WHERE role NOT IN {OLD_ROLES}")
    _credit_roles(OLD_ROLES)
    with op.batch_alter_table('team_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_invitations_project_id'))
        batch_op.drop_index(batch_op.f('ix_team_invitations_film_id'))

    op.drop_table('team_invitations')
    with op.batch_alter_table('project_credits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_credits_person_id'))

    op.drop_table('project_credits')
    with op.batch_alter_table('talent_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_talent_profiles_is_public')

    op.drop_table('talent_profiles')
