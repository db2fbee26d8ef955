from flask import Blueprint, abort, request
from sqlalchemy import select

from app.extensions import csrf, db
from app.pages import render
from app.sms import outbox
from app.sms.models import SmsMessage

bp = Blueprint("sms", __name__)


@bp.get("/dev/sms")
def outbox_page():
    """What the outbox gateway 'sent': the SMS a phone would have received."""
    if not outbox.outbox_enabled():
        abort(404)
    messages = db.session.scalars(select(SmsMessage).order_by(SmsMessage.id.desc()).limit(50)).all()
    return render("sms/outbox.html", messages=messages)


@bp.post("/sms/delivery")
@csrf.exempt  # posted by the SMS gateway, not by a browser
def delivery_report():
    message_id = request.form.get("id", "")[:100]
    status = request.form.get("status", "")[:20]
    if message_id:
        outbox.record_delivery_report(message_id, status)
        db.session.commit()
    return "", 200
