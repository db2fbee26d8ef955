"""Queueing and sending SMS; the job is safe to run twice and never sends a message twice."""
import logging


from app import delivery
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.sms import providers
from app.sms.models import SmsMessage
from app.sms.segments import count_segments
from app.timeutil import utcnow

log = logging.getLogger(__name__)


def queue_sms(to_phone, body, kind):
    """Records the message and sends it after the commit; returns it (flushed)."""
    segments = count_segments(body)
    message = SmsMessage(to_phone=to_phone, body=body, kind=kind, encoding=segments.encoding,
                         segments=segments.count)
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit(send_sms, message.id, retries=3)
    return message


def send_sms(message_id):
    """Job: sends a queued message once; one already sent or failed is left alone."""
    def attempt(message):
        gateway = providers.gateway()
        result = gateway.send(message)
        message.provider = gateway.name
        if result.accepted:
            message.provider_message_id = result.message_id
        return result

    message = delivery.send_once(SmsMessage, message_id, attempt)
    if message is not None:
        log.info("sms %s %s via %s (%d segment(s))", message.id, message.status, message.provider, message.segments)


def record_delivery_report(provider_message_id, status):
    """Applies an (unsigned) delivery report to a message we sent; unknown ids are ignored."""
    message = db.session.query(SmsMessage).filter_by(provider_message_id=provider_message_id).first()
    if message is None or message.status not in ("sent", "delivered"):
        return None
    if status == "Success":
        message.status, message.delivered_at = "delivered", utcnow()
    elif status in ("Rejected", "Failed", "AbsentSubscriber", "Expired"):
        message.status, message.error = "failed", status
    return message
