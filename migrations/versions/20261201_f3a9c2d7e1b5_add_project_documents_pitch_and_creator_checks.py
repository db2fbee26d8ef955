"""add project documents, pitch videos and creator checks

Revision ID: f3a9c2d7e1b5
Revises: a7c3e9f2d5b1
Create Date: 2026-12-01 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f3a9c2d7e1b5'
down_revision = 'a7c3e9f2d5b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='film', nullable=False))
        batch_op.create_check_constraint('kind', "kind IN ('film', 'pitch')")
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pitch_film_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_projects_pitch_film_id_films'), 'films', ['pitch_film_id'], ['id'],
                                    ondelete='SET NULL')
    op.create_table(
        'project_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('storage_key', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('size_bytes', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('synopsis', 'technical_sheet', 'concept_visual', 'budget', 'other')",
                           name=op.f('ck_project_documents_kind')),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_documents_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_project_documents')),
    )
    op.create_index(op.f('ix_project_documents_project_id'), 'project_documents', ['project_id'], unique=False)
    op.create_table(
        'creator_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('document_key', sa.String(length=120), nullable=True),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('size_bytes', sa.BigInteger(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_creator_checks_status')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_creator_checks_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_creator_checks_decided_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_checks')),
        sa.UniqueConstraint('user_id', name=op.f('uq_creator_checks_user_id')),
    )


def downgrade():
    op.drop_table('creator_checks')
    op.drop_index(op.f('ix_project_documents_project_id'), table_name='project_documents')
    op.drop_table('project_documents')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_projects_pitch_film_id_films'), type_='foreignkey')
        batch_op.drop_column('pitch_film_id')
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.drop_column('kind')
