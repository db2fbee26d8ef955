"""What every payment provider client offers, and the HTTP plumbing they share.

A client never changes our database: it turns our Payment into HTTP requests and the
provider's answers into a small vocabulary (`Started`, `Status`, `CallbackHint`) that
the state machine understands. Statuses are normalised to: pending, paid, failed,
expired, unknown (the provider does not know this payment).
"""
import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import httpx

from app import outbound

log = logging.getLogger(__name__)

PENDING, PAID, FAILED, EXPIRED, UNKNOWN = "pending", "paid", "failed", "expired", "unknown"


class ProviderError(Exception):
    """The provider could not be reached or answered nonsense; try again later."""


class ProviderRefused(Exception):
    """The provider refused the request for good (bad parameters, payer not found…)."""


@dataclass
class Started:
    provider_reference: str | None = None
    checkout_url: str | None = None  # card payments: where to send the payer
    raw: str = ""


@dataclass
class Status:
    state: str
    provider_reference: str | None = None
    reason: str | None = None
    amount_fcfa: int | None = None  # what the provider says was paid; None if it did not say, or not whole
    currency: str | None = None  # only when the provider says it
    raw: str = ""


@dataclass
class CallbackHint:
    """Which payment a callback is about; never proof of anything by itself."""

    reference: str | None = None
    provider_reference: str | None = None
    claimed_state: str | None = None
    authentic: bool = True  # False only when the provider signs and the signature is wrong
    extra: dict = field(default_factory=dict)


class Provider:
    """One provider client; `name` is what Payment.provider stores."""

    name = ""
    methods = ()
    can_refund = False
    currency = "XOF"  # what a payment through this provider is asked in (Payment.currency)

    def __init__(self, base_url, timeout=10.0, retries=2):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries

    def start(self, payment, callback_url, return_url):
        raise NotImplementedError

    def fetch_status(self, payment):
        raise NotImplementedError

    def read_callback(self, headers, body, form):
        raise NotImplementedError

    def refund(self, payment):
        raise ProviderRefused(f"{self.name} offers no refund API")

    # Payouts to a filmmaker's wallet (app/payouts/sending.py): asked once, then confirmed.
    can_pay_out = False

    def pay_out(self, payout):
        """Asks for `payout` to be paid; the provider's reference. Never retried here."""
        raise ProviderRefused(f"{self.name} offers no payout API")

    def payout_status(self, payout):
        raise NotImplementedError

    def balance(self):
        """What the provider says it holds for us, in whole FCFA; None if it has no such query."""
        return None

    def request(self, method, path, retries=None, **kwargs):
        """One HTTP call with timeouts; connection errors and 5xx are retried a little.

        Retrying a POST is safe here because every start carries our unique reference,
        which the providers refuse to register twice. Payouts pass retries=0: no provider
        promises to refuse a payout reference twice, and money must never leave twice.
        """
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        last_error = None
        retries = self.retries if retries is None else retries
        for attempt in range(retries + 1):
            try:
                response = outbound.client().request(method, url, timeout=self.timeout, **kwargs)
            except httpx.TimeoutException as error:
                last_error = error
                break  # the provider may have acted: never pile up requests on a slow one
            except httpx.TransportError as error:
                last_error = error
            else:
                if response.status_code < 500:
                    return response
                last_error = ProviderError(f"{self.name} answered {response.status_code}")
            if attempt < retries:
                time.sleep(0.2 * (attempt + 1))
        log.warning("%s %s %s failed: %s", self.name, method, path.split("?")[0], type(last_error).__name__)
        raise ProviderError(str(last_error)) from last_error


def parse_json(response):
    try:
        return response.json()
    except ValueError as error:
        raise ProviderError(f"not JSON (HTTP {response.status_code})") from error


def whole_fcfa(value):
    """An amount as a provider writes it (4000, "4000", "4000.00") in whole FCFA; None for
    anything else, so that "4000.5" never passes for 4000."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount != amount.to_integral_value():
        return None
    return int(amount)
