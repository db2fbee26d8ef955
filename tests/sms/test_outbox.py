"""SMS leave through a real worker, once, and the outbox page shows them."""
from sqlalchemy import select

from app.extensions import db
from app.sms import outbox
from app.sms.models import SmsMessage


def test_queued_sms_is_sent_once_by_the_worker(app, run_jobs):
    message = outbox.queue_sms("+22890112233", "Merci ! Votre contribution de 2 000 FCFA est reçue.", "receipt")
    db.session.commit()
    run_jobs()
    db.session.expire_all()
    sent = db.session.get(SmsMessage, message.id)
    assert (sent.status, sent.provider, sent.attempts) == ("sent", "outbox", 1)
    assert sent.encoding == "ucs2" and sent.segments == 1  # "reçue": ç is not GSM-7
    outbox.send_sms(message.id)  # a job run twice sends nothing more
    db.session.expire_all()
    assert db.session.get(SmsMessage, message.id).attempts == 1


def test_outbox_page_lists_sent_messages(app, client, run_jobs):
    outbox.queue_sms("+22870112233", "Votre code : 481516", "code")
    db.session.commit()
    run_jobs()
    page = client.get("/dev/sms").get_data(as_text=True)
    assert "+22870112233" in page and "Votre code : 481516" in page and "1 segment" in page


def test_outbox_page_is_hidden_with_a_real_gateway(app, client):
    app.config["SMS_PROVIDER"] = "africastalking"
    try:
        assert client.get("/dev/sms").status_code == 404
    finally:
        app.config["SMS_PROVIDER"] = "outbox"


def test_delivery_report_only_moves_known_sent_messages(app, client, run_jobs):
    message = outbox.queue_sms("+22890112233", "Bonjour", "update")
    db.session.commit()
    run_jobs()
    assert client.post("/sms/delivery", data={"id": f"outbox-{message.id}", "status": "Success"}).status_code == 200
    assert client.post("/sms/delivery", data={"id": "unknown", "status": "Failed"}).status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(SmsMessage.status).where(SmsMessage.id == message.id)) == "delivered"
