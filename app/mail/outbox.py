"""Queueing and sending e-mail; the job is safe to run twice and never sends a message twice."""
import logging

from sqlalchemy import select

from app.extensions import db
from app.jobs import enqueue_after_commit
from app.mail import transport
from app.mail.models import EmailMessage
from app.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 4


class EmailRetryLater(RuntimeError):
    """A passing SMTP failure: RQ retries the job."""


def queue_email(to_address, subject, body, kind):
    """Records the message and sends it after the commit; one message per kind and address."""
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
    message = db.session.get(EmailMessage, message_id, with_for_update=True)
    if message is None or message.status != "queued":
        db.session.rollback()
        return
    message.attempts += 1
    outcome = transport.deliver(message)
    if outcome.accepted:
        message.status, message.sent_at, message.error = "sent", utcnow(), None
    elif outcome.retry and message.attempts < MAX_ATTEMPTS:
        message.error = outcome.error
        db.session.commit()
        log.warning("e-mail %s not sent yet (%s), will retry", message.id, outcome.error)
        raise EmailRetryLater(outcome.error)
    else:
        message.status, message.error = "failed", outcome.error
    db.session.commit()
    log.info("e-mail %s %s via %s", message.id, message.status, transport.provider())
