"""SMS codes: six digits, ten minutes, five tries, one new code a minute at most.

Only an HMAC of the code (keyed with SECRET_KEY) is stored, and codes are never logged.
"""
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

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
    """True once for the right code; every wrong try counts, and after five the code is dead."""
    code = _latest(phone, purpose)
    typed = "".join(c for c in (typed or "") if c.isdigit())
    if code is None or code.used_at is not None or as_utc(code.expires_at) < utcnow() or code.attempts >= MAX_ATTEMPTS:
        return False
    if not hmac.compare_digest(code.code_hash, _hash(phone, purpose, typed)):
        code.attempts += 1
        db.session.flush()
        return False
    code.used_at = utcnow()
    db.session.flush()
    return True
