"""Filling the account forms as a phone would: the form's own CSRF token, the code from the SMS."""
import re

from sqlalchemy import select

from app.extensions import db
from app.sms.models import SmsMessage


def csrf(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def post(client, path, data, form_path=None):
    return client.post(path, data={**data, "csrf_token": csrf(client, form_path or path)})


def last_code(phone):
    """The six digits of the newest SMS sent to `phone`."""
    db.session.expire_all()
    body = db.session.scalars(select(SmsMessage.body).where(SmsMessage.to_phone == phone)
                              .order_by(SmsMessage.id.desc())).first()
    return re.search(r"\b(\d{6})\b", body).group(1)
