"""The Africa's Talking gateway over real HTTP against the simulator."""
import httpx
import pytest
from sqlalchemy import select

from app import delivery
from app.extensions import db
from app.sms import outbox
from app.sms.models import SmsMessage


@pytest.fixture
def africastalking(app, simulator):
    saved = {k: app.config.get(k) for k in ("SMS_PROVIDER", "AT_BASE_URL", "AT_API_KEY", "AT_USERNAME")}
    app.config.update(SMS_PROVIDER="africastalking", AT_BASE_URL=f"{simulator.url}/africastalking",
                      AT_API_KEY="sim-at-key", AT_USERNAME="karangou")
    yield simulator
    app.config.update(saved)


def _message(message_id):
    db.session.expire_all()
    return db.session.get(SmsMessage, message_id)


def test_accepted_message_gets_the_gateway_id(app, africastalking, run_jobs):
    message = outbox.queue_sms("+22890112201", "Votre code : 481516", "code")
    db.session.commit()
    run_jobs()
    sent = _message(message.id)
    assert sent.status == "sent" and sent.provider == "africastalking" and sent.provider_message_id.startswith("ATXid_")
    delivered = httpx.get(f"{africastalking.url}/africastalking/sent", timeout=10).json()["messages"]
    assert {"to": "+22890112201", "message": "Votre code : 481516"}.items() <= next(
        m for m in delivered if m["id"] == sent.provider_message_id).items()


def test_refused_number_fails_without_retrying(app, africastalking, run_jobs):
    message = outbox.queue_sms("+22890112203", "Bonjour", "update")
    db.session.commit()
    run_jobs()
    failed = _message(message.id)
    assert (failed.status, failed.attempts, failed.error) == ("failed", 1, "403 InvalidPhoneNumber")


def test_gateway_error_is_retried_then_given_up(app, africastalking, run_jobs):
    message = outbox.queue_sms("+22890112208", "Bonjour", "update")
    db.session.commit()
    for _ in range(delivery.MAX_ATTEMPTS):
        try:
            outbox.send_sms(message.id)
        except delivery.RetryLater:
            pass
    gave_up = _message(message.id)
    assert (gave_up.status, gave_up.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert db.session.scalars(select(SmsMessage).where(SmsMessage.status == "sent")).all() == []
