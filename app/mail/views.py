from flask import Blueprint, abort
from sqlalchemy import select

from app.extensions import db
from app.mail import transport
from app.mail.models import EmailMessage
from app.pages import render

bp = Blueprint("mail", __name__)


@bp.get("/dev/courriels")
def outbox_page():
    """What the outbox 'sent': the e-mails members would have received."""
    if transport.provider() != "outbox":
        abort(404)
    messages = db.session.scalars(select(EmailMessage).order_by(EmailMessage.id.desc()).limit(50)).all()
    return render("mail/outbox.html", messages=messages)
