from flask import Blueprint, request

from app.extensions import csrf, db
from app.sms import outbox

bp = Blueprint("sms", __name__)


@bp.post("/sms/delivery")
@csrf.exempt  # posted by the SMS gateway, not by a browser
def delivery_report():
    message_id = request.form.get("id", "")[:100]
    status = request.form.get("status", "")[:20]
    if message_id:
        outbox.record_delivery_report(message_id, status)
        db.session.commit()
    return "", 200
