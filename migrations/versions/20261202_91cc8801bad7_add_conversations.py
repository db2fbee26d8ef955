"""add conversations

Revision ID: 91cc8801bad7
Revises: 966e118a7c00
Create Date: 2026-12-02 00:46:38

"""
import sqlalchemy as sa
from alembic import op

revision = '91cc8801bad7'
down_revision = '966e118a7c00'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('film_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('pinned_message_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('message_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(film_id IS NULL) <> (project_id IS NULL)', name=op.f('ck_conversations_one_subject')),
    sa.ForeignKeyConstraint(['film_id'], ['films.id'], name=op.f('fk_conversations_film_id_films'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_conversations_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('film_id', name=op.f('uq_conversations_film_id')),
    sa.UniqueConstraint('project_id', name=op.f('uq_conversations_project_id'))
    )
    op.create_table('conversation_bans',
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('banned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['banned_by_id'], ['users.id'], name=op.f('fk_conversation_bans_banned_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_bans_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conversation_bans_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation_id', 'user_id', name=op.f('pk_conversation_bans'))
    )
    op.create_table('conversation_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('masked', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('reports_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('visible', 'hidden')", name=op.f('ck_conversation_messages_status')),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_messages_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conversation_messages_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_messages'))
    )
    with op.batch_alter_table('conversation_messages', schema=None) as batch_op:
        batch_op.create_index('ix_conversation_messages_conversation_id_id', ['conversation_id', 'id'], unique=False)

    op.create_table('conversation_sms_alerts',
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('last_sms_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_sms_alerts_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conversation_sms_alerts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation_id', 'user_id', name=op.f('pk_conversation_sms_alerts'))
    )
    op.create_table('conversation_reports',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['conversation_messages.id'], name=op.f('fk_conversation_reports_message_id_conversation_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conversation_reports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', 'user_id', name=op.f('pk_conversation_reports'))
    )


def downgrade():
    op.drop_table('conversation_reports')
    op.drop_table('conversation_sms_alerts')
    with op.batch_alter_table('conversation_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_messages_conversation_id_id')

    op.drop_table('conversation_messages')
    op.drop_table('conversation_bans')
    op.drop_table('conversations')
