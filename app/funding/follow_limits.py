"""How often news by SMS may be asked for: per number strictly, per address generously.

Anyone may type any number, and each new subscription sends that number an SMS: without a
limit, 150 strangers were signed up in 0.8 s. A number may be signed up 3 times a day (its
owner following a few projects does not notice); an address 100 times an hour, because a
whole operator's subscribers can share one address behind carrier-grade NAT. Counted where
Flask-Limiter counts (RATELIMIT_STORAGE_URI: Redis outside the demo).
"""
import time

from flask import current_app
from flask_babel import gettext as _
from limits import parse

from app.extensions import limiter
from app.i18n import time_until

PER_NUMBER = parse("3 per day")
PER_ADDRESS = parse("100 per hour")


class TooManyFollows(Exception):
    """Refused for now; the message says how long to wait, `retry_after` in seconds."""

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


def count_follow(phone, address):
    """Counts one subscription for this number and address, or raises TooManyFollows (nothing counted)."""
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    checks = ((PER_NUMBER, (prefix, "follow-number", phone),
               _("This number has been signed up for news too many times today. To protect its owner, "
                 "try again %(wait)s.")),
              (PER_ADDRESS, (prefix, "follow-address", address or "-"),
               _("Too many sign-ups for news from this connection. Please try again %(wait)s.")))
    strategy = limiter.limiter
    for item, keys, message in checks:
        if not strategy.test(item, *keys):
            wait = max(60, int(strategy.get_window_stats(item, *keys).reset_time - time.time()) + 1)
            raise TooManyFollows(message % {"wait": time_until(wait)}, wait)
    for item, keys, _message in checks:
        strategy.hit(item, *keys)
