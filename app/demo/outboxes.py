"""What the demo's outboxes 'sent': the SMS and e-mails phones and members would have received.

Registered only under the demo switch: these pages show sign-in codes to anyone.
"""
from flask import Blueprint, abort, current_app
from sqlalchemy import select

from app.extensions import db
from app.mail.models import EmailMessage
from app.pages import render
from app.sms.models import SmsMessage

bp = Blueprint("demo", __name__)


@bp.get("/dev/sms")
def sms_outbox():
    if current_app.config["SMS_PROVIDER"] != "outbox":
        abort(404)
    messages = db.session.scalars(select(SmsMessage).order_by(SmsMessage.id.desc()).limit(50)).all()
    return render("demo/sms.html", messages=messages)


@bp.get("/dev/courriels")
def mail_outbox():
    if current_app.config["MAIL_PROVIDER"] != "outbox":
        abort(404)
    messages = db.session.scalars(select(EmailMessage).order_by(EmailMessage.id.desc()).limit(50)).all()
    return render("demo/mail.html", messages=messages)
