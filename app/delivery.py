"""Sending a stored message (an SMS, an e-mail) once, whatever runs its job how many times.

The row is written first and locked while it is sent: a second run of the job, or a run
racing the first, finds it no longer `queued` and does nothing. A passing failure leaves
it queued and raises, so RQ tries again; after `MAX_ATTEMPTS` it is marked failed.
"""
from app.extensions import db
from app.timeutil import utcnow

MAX_ATTEMPTS = 4


class RetryLater(RuntimeError):
    """A passing failure of the gateway or server: RQ retries the job."""


def send_once(model, message_id, attempt):
    """Locks the queued row, calls `attempt(message)` (which says accepted, retry, error) and
    records the outcome; returns the message, or None when there was nothing to send."""
    message = db.session.get(model, message_id, with_for_update=True)
    if message is None or message.status != "queued":
        db.session.rollback()
        return None
    message.attempts += 1
    outcome = attempt(message)
    if outcome.accepted:
        message.status, message.sent_at, message.error = "sent", utcnow(), None
    elif outcome.retry and message.attempts < MAX_ATTEMPTS:
        message.error = outcome.error
        db.session.commit()
        raise RetryLater(outcome.error)
    else:
        message.status, message.error = "failed", outcome.error
    db.session.commit()
    return message
