"""Queueing and sending e-mail; the job is safe to run twice and never sends a message twice."""
import logging

from sqlalchemy import select

from app import delivery
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.mail import transport
from app.mail.models import EmailMessage

log = logging.getLogger(__name__)


def queue_email(to_address, subject, body, kind):
    """Records the message and sends it after the commit; one message per kind and address.
    With MAIL_PROVIDER=off nothing is recorded: members are told by SMS only."""
    if transport.provider() == "off":
        return None
    existing = db.session.scalar(select(EmailMessage).where(EmailMessage.kind == kind,
                                                            EmailMessage.to_address == to_address))
    if existing is not None:
        return existing
    message = EmailMessage(to_address=to_address, subject=subject[:200], body=body, kind=kind)
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit(send_email, message.id, retries=3)
    return message


def send_email(message_id):
    """Job: sends a queued message once; one already sent or failed is left alone."""
    message = delivery.send_once(EmailMessage, message_id, transport.deliver)
    if message is not None:
        log.info("e-mail %s %s via %s", message.id, message.status, transport.provider())
