"""Finding, creating and checking members; the phone number is the identifier."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts import member_cache, passwords
from app.accounts.models import DATA_SAVER_CHOICES, ROLES, User
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


def by_session_id(session_id):
    """The active member a session or remember cookie names, if it was made since their last
    sign-out, password change, role change or disabling; None otherwise."""
    user_id, _, version = (session_id or "").partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = member_cache.get(int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def end_sessions(user):
    """Every session and remember cookie of this member stops working; flushes. Counted in SQL,
    so two changes at once both count; the new value is read back when next needed."""
    user.session_version = User.session_version + 1
    db.session.flush()


def check_password(password):
    """The same rules for every purpose that sets a password, checked before any code."""
    password = password or ""
    if len(password) < MIN_PASSWORD:
        raise AccountError(_l("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD))
    if passwords.is_one_character(password):
        raise AccountError(_l("A password made of one character repeated is guessed at once: choose another."))
    if passwords.is_common(password):
        raise AccountError(_l("This password is one of the most common, so it is guessed first: choose another."))


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
    end_sessions(user)


def may_choose_role(user):
    """Members pick viewer, filmmaker or producer themselves until an administrator decides."""
    return user.role in SELF_CHOSEN_ROLES and not user.role_set_by_admin


def set_role(user, role, by_admin=False):
    """The one writer of roles. An administrator's decision is final for the member;
    a change ends the member's sessions. Flushes."""
    if role not in ROLES:
        raise ValueError(role)
    if by_admin:
        user.role_set_by_admin = True
    if role != user.role:
        user.role = role
        end_sessions(user)
    db.session.flush()


def set_disabled(user, disabled):
    """A disabled member is signed out everywhere; enabling them again does not revive old sessions."""
    if disabled != (user.disabled_at is not None):
        user.disabled_at = utcnow() if disabled else None
        end_sessions(user)
    db.session.flush()


def update_profile(user, form):
    user.display_name = (form.get("display_name") or "").strip()[:80]
    country = (form.get("country") or "").upper()
    user.country_code = country if len(country) == 2 and country.isalpha() else None
    _choose_role(user, form.get("role"))
    if form.get("locale") in ("fr", "en"):
        user.locale = form["locale"]
    if form.get("data_saver") in DATA_SAVER_CHOICES:
        user.data_saver = form["data_saver"]
    email = (form.get("email") or "").strip()[:254]
    if email and ("@" not in email or " " in email):
        raise AccountError(_l("This email address does not look right."))
    user.email = email or None
    db.session.flush()


def _choose_role(user, role):
    if role not in SELF_CHOSEN_ROLES or role == user.role or user.role == "admin":
        return
    if not may_choose_role(user):
        raise AccountError(_l("Your role was set by the Karangou team: ask them if it should change."))
    set_role(user, role)
