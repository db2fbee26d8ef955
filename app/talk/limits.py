"""How fast a member may write: 5 messages a minute and 30 an hour in all conversations,
counted in Redis (moving window, app/config.py) so that every worker shares them. A refused
message comes back in its form with how long to wait (HTTP 429, Retry-After)."""
import time

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import limiter
from app.http import never_store
from app.i18n import time_until
from app.talk import pages

MESSAGES_PER_MEMBER = "5 per minute;30 per hour"


def _member():
    return f"u{current_user.id}"


def _not_a_message():
    """Only messages that would be posted count: a visitor, or an empty form, counts for nothing."""
    return not current_user.is_authenticated or not request.form.get("body", "").strip()


def refused(request_limit):
    wait = time_until(request_limit.reset_at - time.time())
    subject = pages.subject_or_404(**request.view_args)
    error = _("You are writing a lot: you can send your next message %(wait)s.", wait=wait)
    return never_store(pages.page(subject, status=429, typed=request.form.get("body", "")[:2000], error=error))


posting = limiter.shared_limit(MESSAGES_PER_MEMBER, scope="talk-post", key_func=_member, methods=["POST"],
                               exempt_when=_not_a_message, on_breach=refused)
