"""SMS to the members who asked to be told when the team answers in a conversation.

At most one SMS per member and conversation every ALERT_SPACING: a team answering ten questions
in a row sends one SMS, not ten. The job takes a message id and is safe to run twice: a member
told at or after the message's time is not told again for it.
"""
import logging
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.catalog.models import Film
from app.extensions import db
from app.links import public_url
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe
from app.talk.models import Message, TeamAnswerAlert
from app.timeutil import utcnow

log = logging.getLogger(__name__)
ALERT_SPACING = timedelta(hours=1)


def alert_text(conversation):
    subject = conversation.film or conversation.project
    if isinstance(subject, Film):
        link = public_url("talk.conversation", slug=subject.slug)
    else:
        link = public_url("talk.conversation", code=subject.short_code)
    title = gsm7_safe(subject.title)[:30]
    return f"L'equipe de {title} vous a repondu : {link}"


def tell_members(message_id):
    """Job: queues the SMS of a team answer; commits."""
    message = db.session.get(Message, message_id)
    if message is None or message.status != "visible":
        return 0
    quiet_since = message.created_at - ALERT_SPACING
    query = (select(TeamAnswerAlert, User.phone).join(User, User.id == TeamAnswerAlert.user_id)
             .where(TeamAnswerAlert.conversation_id == message.conversation_id,
                    TeamAnswerAlert.user_id != message.user_id, User.disabled_at.is_(None))
             .with_for_update(of=TeamAnswerAlert))
    told = 0
    text = None
    for alert, phone in db.session.execute(query):
        if alert.last_sms_at is not None and alert.last_sms_at > quiet_since:
            continue
        text = text or alert_text(message.conversation)
        queue_sms(phone, text, f"talk:{message.conversation_id}:{message.id}")
        alert.last_sms_at = utcnow()
        told += 1
    db.session.commit()
    log.info("talk message %s: %d SMS queued", message.id, told)
    return told
