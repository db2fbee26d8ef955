"""Starting a payment for a contribution or a contest ballot: checks, limits, one payment per
idempotency key.

`start_payment` flushes the Contribution and Payment (`app/contests/voting.py`, through
`open_payment`, a Ballot and its Payment) and asks for the start job after the commit. If
Redis is down at that moment the payment stays `created` and the sweep starts it later;
nothing is lost.
"""
import logging
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import format_decimal, gettext as _
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.funding import ledger
from app.funding.models import Contribution
from app.i18n import time_until
from app.inputs import INT64_MAX, whole_number
from app.jobs import enqueue_after_commit
from app.payments import jobs, operators, providers
from app.payments.models import Payment
from app.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)
START_GRACE_SECONDS = 60  # a start job not run by then is the sweep's to run
TWIN_WINDOW_SECONDS = 5 * 60  # an identical request within it is asked to confirm (two tabs)
TWIN_STATUSES = ("created", "awaiting_payer", "succeeded")


@dataclass
class PayRequest:
    """What the pay form sent, as typed; `clean` fills the parsed values or `errors`."""

    amount: str = ""
    pay_by: str = "mobile"
    phone: str = ""
    operator: str = "auto"
    name: str = ""
    key: str = ""
    preset: str = ""  # one of the amount buttons; a typed amount wins over it
    message: str = ""
    anonymous: str = ""
    reward: str = ""
    follow: str = ""
    again: str = ""  # the payer confirmed an identical request made a moment ago
    errors: dict = field(default_factory=dict)
    amount_fcfa: int = 0
    wallet: operators.Wallet | None = None
    reward_id: int | None = None

    @classmethod
    def from_form(cls, form):
        names = ("amount", "pay_by", "phone", "operator", "name", "key", "preset", "anonymous", "reward", "follow",
                 "again")
        fields = {name: (form.get(name) or "").strip()[:100] for name in names}
        fields["message"] = (form.get("message") or "").strip()[:280]
        if not fields["amount"]:
            fields["amount"] = fields["preset"]
        return cls(**{k: v for k, v in fields.items() if v or k not in ("pay_by", "operator")})

    @property
    def method(self):
        return "card" if self.pay_by == "card" else (self.wallet.method if self.wallet else None)


NAME_MAX = 80  # contributions.display_name


class LimitReached(Exception):
    """Too many payment prompts; the message says why and when to try again, in the payer's
    language; `retry_after` in seconds."""

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


def new_idempotency_key():
    return secrets.token_urlsafe(24)


class NotWholeFcfa(ValueError):
    """The amount has decimals: FCFA has no cents."""


_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+", re.ASCII)
_DECIMAL = re.compile(r"[\d.,]*\d[.,]\d{0,2}|[\d.,]*[.,]\d{4,}", re.ASCII)


def parse_fcfa(text):
    """'1500', '1 500' (space, no-break or narrow no-break space), '1.500', '1,500' -> 1500;
    None if it is not a number. A dot or a comma separates thousands only between groups of
    three digits; otherwise it marks decimals ('500.00', '10.5', '10,5'): NotWholeFcfa."""
    compact = re.sub(r"[ \u00a0\u202f]", "", text)
    if whole_number(compact, 0, INT64_MAX) is not None:  # ASCII digits only: '²' is no amount
        return int(compact)
    if _GROUPED.fullmatch(compact):
        return int(re.sub(r"[.,]", "", compact))
    if _DECIMAL.fullmatch(compact):
        raise NotWholeFcfa(text)
    return None


def clean(pay):
    """Fills amount_fcfa and wallet, or errors keyed by field; returns True when all is well."""
    config = current_app.config
    low, high = config["PAYMENT_MIN_FCFA"], config["PAYMENT_MAX_FCFA"]
    try:
        amount = parse_fcfa(pay.amount)
    except NotWholeFcfa:
        pay.errors["amount"] = _("Amounts are in whole FCFA, without decimals: for example %(example)s.",
                                 example=format_decimal(1500))
    else:
        if amount is None or not low <= amount <= high:
            pay.errors["amount"] = _("Enter a whole amount between %(low)s and %(high)s FCFA.",
                                     low=format_decimal(low), high=format_decimal(high))
        else:
            pay.amount_fcfa = amount
    offered = providers.offered_methods()
    if pay.pay_by == "card":
        if "card" not in offered:
            pay.errors["pay_by"] = _("Card payment is not available at the moment.")
    else:
        try:
            pay.wallet = operators.detect(pay.phone, pay.operator if pay.operator != "auto" else None)
        except operators.InvalidPhone:
            pay.errors["phone"] = _("Enter a mobile number, for example 90 12 34 56.")
        else:
            if pay.wallet.method not in offered:
                pay.errors["phone"] = _("We cannot take mobile money from this number yet.")
    if len(pay.name) > NAME_MAX:
        pay.errors["name"] = _("A name of %(count)s characters at most, please.", count=NAME_MAX)
    if not 16 <= len(pay.key) <= 64:
        pay.errors["key"] = _("This form has expired; please check the amount and send it again.")
        pay.key = new_idempotency_key()
    return not pay.errors


def existing_payment(key):
    return db.session.scalars(select(Payment).where(Payment.idempotency_key == key)).first()


def recent_twin(project, pay):
    """A payment from the same number, of the same amount, to the same project, made a few
    minutes ago and not failed: a second tab, or a payer unsure the first one went through."""
    if pay.method == "card" or pay.wallet is None:
        return None
    since = utcnow() - timedelta(seconds=TWIN_WINDOW_SECONDS)
    query = (select(Payment).join(Contribution, Payment.contribution_id == Contribution.id)
             .where(Contribution.project_id == project.id, Payment.phone == pay.wallet.phone,
                    Payment.amount_fcfa == pay.amount_fcfa, Payment.created_at >= since,
                    Payment.status.in_(TWIN_STATUSES))
             .order_by(Payment.id.desc()).limit(1))
    return db.session.scalars(query).first()


def check_limits(phone, client_ip):
    """At most a few unfinished prompts per phone and per address each hour, even when several
    workers take requests for the same number at the same moment."""
    config = current_app.config
    _one_at_a_time(f"payment-phone:{phone}" if phone else None, f"payment-ip:{client_ip}" if client_ip else None)
    since = utcnow() - timedelta(hours=1)
    recent = select(func.count()).select_from(Payment).where(Payment.created_at >= since,
                                                             Payment.status != "succeeded")
    wait = phone and _limit_reached(recent.where(Payment.phone == phone), config["PAYMENT_LIMIT_PER_PHONE"], since)
    if wait:
        log.info("limit per phone reached for %s", operators.mask(phone))
        raise LimitReached(_("This number has already received %(n)s payment requests in the last hour. "
                             "To protect its owner, try again %(wait)s.",
                             n=config["PAYMENT_LIMIT_PER_PHONE"], wait=time_until(wait)), wait)
    wait = client_ip and _limit_reached(recent.where(Payment.client_ip == client_ip), config["PAYMENT_LIMIT_PER_IP"],
                                        since)
    if wait:
        log.info("limit per address reached")
        raise LimitReached(_("Too many payment requests from this connection in the last hour. "
                             "Please try again %(wait)s.", wait=time_until(wait)), wait)


def _limit_reached(counted, limit, since):
    """Seconds until the oldest of `limit` counted requests leaves the hour; 0 while under it."""
    times = db.session.scalars(counted.with_only_columns(Payment.created_at).order_by(Payment.created_at.desc())
                               .limit(limit)).all()
    if len(times) < limit:
        return 0
    return max(60, int((as_utc(times[-1]) - since).total_seconds()) + 1)


def _one_at_a_time(*keys):
    """Requests for the same number or address wait for each other until their commit, so two
    of them cannot both count room for one more. Always the number first, then the address:
    no two requests wait for each other. SQLite writes one transaction at a time anyway."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in filter(None, keys):
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def start_payment(project, pay, client_ip=None):
    """One Contribution and its Payment for a cleaned PayRequest; the same payment again for a reused key."""
    def contribution_for(payment):
        contribution = ledger.new_contribution(
            project_id=project.id, amount_fcfa=pay.amount_fcfa, display_name=pay.name or None,
            message=pay.message, is_anonymous=bool(pay.anonymous), reward_id=pay.reward_id,
            wants_news=bool(pay.follow))
        payment.contribution_id = contribution.id

    return open_payment(pay, client_ip, contribution_for, f"project {project.id}")


def open_payment(pay, client_ip, settles, purpose):
    """The Payment for a cleaned PayRequest, and what it settles: `settles(payment)` flushes the
    contribution or ballot and links it, after the limits are checked (and, on PostgreSQL,
    while this number and address are locked until the commit). It may raise LimitReached.
    The same payment again for a reused key."""
    found = existing_payment(pay.key)
    if found is not None:
        return found
    phone = pay.wallet.phone if pay.method != "card" and pay.wallet else None
    check_limits(phone, client_ip)
    provider = providers.provider_for_method(pay.method)
    payment = Payment(provider=provider.name, method=pay.method, phone=phone, amount_fcfa=pay.amount_fcfa,
                      currency=provider.currency, reference=str(uuid.uuid4()), idempotency_key=pay.key,
                      short_code=secrets.token_hex(5), client_ip=client_ip,
                      next_check_at=utcnow() + timedelta(seconds=START_GRACE_SECONDS))
    try:
        with db.session.begin_nested():
            settles(payment)
            db.session.add(payment)
            db.session.flush()
    except IntegrityError:  # the same form sent twice at the same moment: the other one won
        return existing_payment(pay.key)
    enqueue_after_commit(jobs.start, payment.id)
    log.info("payment %s created: %s FCFA by %s for %s, phone %s", payment.id, payment.amount_fcfa,
             payment.method, purpose, operators.mask(phone))
    return payment
