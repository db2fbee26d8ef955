"""Finding, creating and checking members; the phone number is the identifier."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import DATA_SAVER_CHOICES, User
from app.extensions import db
from app.payments import operators
from app.timeutil import utcnow

MIN_PASSWORD = 8
SELF_CHOSEN_ROLES = ("viewer", "filmmaker", "producer")
# Checked against this hash when the number is unknown, so both answers take as long.
_NOBODY = generate_password_hash("karangou-nobody")


class AccountError(ValueError):
    """What was typed cannot be used; the message says why, in the reader's language."""


def normalise_phone(typed):
    try:
        return operators.detect(typed).phone
    except operators.InvalidPhone as error:
        raise AccountError(_l("Enter a mobile number, for example 90 12 34 56.")) from error


def by_phone(phone):
    return db.session.scalar(select(User).where(User.phone == phone))


def check_password(password):
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(_l("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD))


def create(phone, password, display_name=""):
    check_password(password)
    user = User(phone=phone, password_hash=generate_password_hash(password), display_name=display_name[:80],
                phone_verified_at=utcnow())
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(phone, password):
    """The member for this number and password, or None; same work either way."""
    user = by_phone(phone)
    valid = check_password_hash(user.password_hash if user and user.password_hash else _NOBODY, password or "")
    return user if user is not None and valid and user.is_active else None


def set_password(user, password):
    check_password(password)
    user.password_hash = generate_password_hash(password)
    db.session.flush()


def update_profile(user, form):
    user.display_name = (form.get("display_name") or "").strip()[:80]
    country = (form.get("country") or "").upper()
    user.country_code = country if len(country) == 2 and country.isalpha() else None
    if form.get("role") in SELF_CHOSEN_ROLES and user.role != "admin":
        user.role = form["role"]
    if form.get("locale") in ("fr", "en"):
        user.locale = form["locale"]
    if form.get("data_saver") in DATA_SAVER_CHOICES:
        user.data_saver = form["data_saver"]
    email = (form.get("email") or "").strip()[:254]
    if email and ("@" not in email or " " in email):
        raise AccountError(_l("This email address does not look right."))
    user.email = email or None
    db.session.flush()
