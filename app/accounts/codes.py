"""SMS codes: six digits, ten minutes, five tries, one new code a minute at most.

Only an HMAC of the code (keyed with SECRET_KEY) is stored, and codes are never logged.
Tries are counted by the database itself, so simultaneous guesses from several workers
get five comparisons in all, and the right code signs in once.
"""
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.accounts.models import VerificationCode
from app.extensions import db
from app.sms.outbox import queue_sms
from app.timeutil import as_utc, utcnow

LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
TEXTS = {
    "signup": "Karangou : votre code d'inscription est {code}. Il expire dans 10 minutes.",
    "signin": "Karangou : votre code de connexion est {code}. Il expire dans 10 minutes.",
    "reset": "Karangou : votre code pour changer de mot de passe est {code}. Il expire dans 10 minutes.",
    "exists": "Karangou : ce numero a deja un compte. Connectez-vous, ou changez de mot de passe.",
}


def _hash(phone, purpose, code):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}:{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def _latest(phone, purpose):
    query = (select(VerificationCode).where(VerificationCode.phone == phone, VerificationCode.purpose == purpose)
             .order_by(VerificationCode.id.desc()).limit(1))
    return db.session.scalars(query).first()


def send_code(phone, purpose):
    """Sends a new code unless one went out less than a minute ago; flushes."""
    latest = _latest(phone, purpose)
    if latest is not None and utcnow() - as_utc(latest.created_at) < RESEND_AFTER:
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.add(VerificationCode(phone=phone, purpose=purpose, code_hash=_hash(phone, purpose, code),
                                    expires_at=utcnow() + LIFETIME))
    queue_sms(phone, TEXTS[purpose].format(code=code), f"code:{purpose}")
    db.session.flush()
    return True


def tell_account_exists(phone):
    """Sign-up with a number that has an account: the owner is told by SMS, the page says nothing."""
    latest = _latest(phone, "signup")
    if latest is None or utcnow() - as_utc(latest.created_at) >= RESEND_AFTER:
        db.session.add(VerificationCode(phone=phone, purpose="signup", code_hash="-", expires_at=utcnow()))
        queue_sms(phone, TEXTS["exists"], "code:exists")
        db.session.flush()


def check_code(phone, purpose, typed):
    """True once for the right code; every try counts, and after five the code is dead."""
    code = _latest(phone, purpose)
    typed = "".join(c for c in (typed or "") if c.isdigit())
    if len(typed) != 6:  # mistyped, it cannot be right: no try is used up
        return False
    if code is None or as_utc(code.expires_at) < utcnow() or not _take_try(code.id):
        return False
    if not hmac.compare_digest(code.code_hash, _hash(phone, purpose, typed)):
        return False
    return _use(code.id)


def _take_try(code_id):
    """Counts one try in a single guarded UPDATE; False when the code is used or out of tries."""
    counted = db.session.execute(
        update(VerificationCode)
        .where(VerificationCode.id == code_id, VerificationCode.used_at.is_(None),
               VerificationCode.attempts < MAX_ATTEMPTS)
        .values(attempts=VerificationCode.attempts + 1)
        .execution_options(synchronize_session=False))
    return counted.rowcount == 1


def _use(code_id):
    """Marks the code used unless another request did first; True for the one that did."""
    used = db.session.execute(
        update(VerificationCode)
        .where(VerificationCode.id == code_id, VerificationCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False))
    return used.rowcount == 1
