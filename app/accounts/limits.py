"""Limits on SMS codes and sign-in, counted in Redis so that every worker shares them.

Per number they are strict: 3 codes an hour whichever form asks (sign-up, sign-in by code,
reset), 15 code entries (five tries on each of those codes) and 10 password sign-ins. Per
address they are loose (CODE_REQUEST_LIMIT_PER_IP, CODE_ENTRY_LIMIT_PER_IP, SIGN_IN_LIMIT_PER_IP),
since one address may be a whole neighbourhood behind the operator's NAT. A form that cannot
be used as sent (a number that cannot be read, a missing field) counts toward none of them;
the CSRF check runs before any is counted. A refused form comes back with what was typed
(passwords excepted) and how long to wait.
"""
import time

from flask import current_app, request, session
from flask_babel import gettext as _

from app.accounts import members
from app.extensions import limiter
from app.http import never_store
from app.i18n import time_until
from app.pages import render

CODES_PER_NUMBER = "3 per hour"
CODE_ENTRIES_PER_NUMBER = "15 per hour"
SIGN_INS_PER_NUMBER = "10 per hour"
CODE_ENTRY_ENDPOINTS = ("accounts.sign_up_code", "accounts.sign_in_code_check", "accounts.reset_code")
FORMS = {  # the page each limited endpoint shows again when it refuses
    "accounts.sign_up": ("accounts/sign_up.html", "signup"),
    "accounts.sign_in_code": ("accounts/code_request.html", "signin"),
    "accounts.reset": ("accounts/code_request.html", "reset"),
    "accounts.sign_in": ("accounts/sign_in.html", None),
}


def _per_hour(setting):
    return lambda: f"{current_app.config[setting]} per hour"


def _typed_number():
    try:
        return members.normalise_phone(request.form.get("phone"))
    except members.AccountError:
        return None


def _pending():
    pending = session.get("pending")
    return pending if isinstance(pending, dict) and pending.get("phone") else None


def _pending_number():
    return _pending()["phone"]  # only asked for a usable entry, which has one


def _unusable_code_request():
    return _typed_number() is None


def _unusable_code_entry():
    pending = _pending()
    typed = "".join(c for c in request.form.get("code", "") if c.isdigit())
    if pending is None or len(typed) != 6:
        return True
    if pending.get("purpose") == "signin":
        return False
    try:
        members.check_password(request.form.get("password"))
    except members.AccountError:
        return True
    return False


def _unusable_sign_in():
    return _typed_number() is None or not request.form.get("password")


def refused(request_limit):
    """The form that was refused, filled as it was sent, saying when to try again (HTTP 429)."""
    wait = time_until(request_limit.reset_at - time.time())
    error = _("Too many tries, please wait. You can try again %(wait)s.", wait=wait)
    if request.endpoint in CODE_ENTRY_ENDPOINTS:
        pending = _pending()
        template, context = "accounts/code_enter.html", {"purpose": pending["purpose"], "phone": pending["phone"]}
    else:
        template, purpose = FORMS[request.endpoint]
        context = {"purpose": purpose}
    return never_store(render(template, status=429, form=request.form, error=error, **context))


def _limits(per_number, per_ip_setting, scope, key_func, unusable):
    """Two limits shared by every endpoint of `scope`: per number, then per address."""
    common = {"methods": ["POST"], "exempt_when": unusable, "on_breach": refused}

    def decorate(view):
        view = limiter.shared_limit(_per_hour(per_ip_setting), scope=f"{scope}:address", **common)(view)
        return limiter.shared_limit(per_number, scope=f"{scope}:number", key_func=key_func, **common)(view)
    return decorate


code_request = _limits(CODES_PER_NUMBER, "CODE_REQUEST_LIMIT_PER_IP", "code-request", _typed_number,
                       _unusable_code_request)
code_entry = _limits(CODE_ENTRIES_PER_NUMBER, "CODE_ENTRY_LIMIT_PER_IP", "code-entry", _pending_number,
                     _unusable_code_entry)
sign_in = _limits(SIGN_INS_PER_NUMBER, "SIGN_IN_LIMIT_PER_IP", "sign-in", _typed_number, _unusable_sign_in)
