"""What the back office reads and does about conversation messages: the reported ones with the
messages around them, hiding and banning recorded in the audit log."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin import audit
from app.extensions import db
from app.talk import conversations
from app.talk.models import Conversation, Message

AROUND = 2  # messages shown before and after a reported one


def reported(limit=50):
    query = (select(Message).where(Message.reports_count > 0)
             .options(selectinload(Message.author),
                      selectinload(Message.conversation).selectinload(Conversation.film),
                      selectinload(Message.conversation).selectinload(Conversation.project))
             .order_by(Message.status.desc(), Message.reports_count.desc(), Message.id.desc()).limit(limit))
    return db.session.scalars(query).all()


def context_of(message):
    """The AROUND messages written just before and just after `message` in its conversation, hidden ones too."""
    same = select(Message).options(selectinload(Message.author)).where(
        Message.conversation_id == message.conversation_id)
    before = db.session.scalars(same.where(Message.id < message.id).order_by(Message.id.desc()).limit(AROUND)).all()
    after = db.session.scalars(same.where(Message.id > message.id).order_by(Message.id).limit(AROUND)).all()
    return list(reversed(before)), after


def set_hidden(admin, message, hidden):
    if conversations.set_hidden(message, hidden):
        audit.record(admin, "message.hide" if hidden else "message.show", "message", message.id)


def ban_writer(admin, message, reason=""):
    conversations.ban(admin, message.conversation, message.user_id)
    audit.record(admin, "talk.ban", "user", message.user_id,
                 f"conversation {message.conversation_id}, message {message.id}. {reason}".strip())
