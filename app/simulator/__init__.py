"""A stand-in for the payment providers, speaking their HTTP APIs, with a pretend payer.

It is a separate WSGI app: its own process on loopback in the tests, mounted under
/_simulator by the embedded default. Our clients talk to it unchanged. What the payer
does is chosen by the last two digits of the phone number, like the operators' sandbox
numbers (see BEHAVIOURS); any other number waits for a tap on the payer page (/payer).
"""
import itertools
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx
from flask import Flask

from app import outbound

log = logging.getLogger(__name__)

BEHAVIOURS = {
    "01": "approve",          # approves at once; one callback
    "02": "decline",          # refuses the prompt
    "03": "never_answer",     # the prompt is ignored: pending for ever
    "04": "slow",             # the provider takes SLOW_SECONDS to answer the start, then approves
    "05": "callback_twice",   # approves; the callback is delivered twice
    "06": "callback_lost",    # approves; no callback ever arrives
    "07": "bad_signature",    # approves; the callback carries a wrong hash (PayDunya)
    "08": "server_error",     # the provider answers 500 to the start
}


def behaviour_for(phone):
    digits = "".join(c for c in (phone or "") if c.isdigit())
    return BEHAVIOURS.get(digits[-2:], "manual")


@dataclass
class Transaction:
    provider: str
    reference: str  # PayGate identifier, MTN X-Reference-Id, our reference for PayDunya
    amount: int
    phone: str | None
    behaviour: str
    callback_url: str | None = None
    tx_reference: str = field(default_factory=lambda: str(next(_tx_numbers)))
    token: str = field(default_factory=lambda: uuid.uuid4().hex[:20])
    status: str = "pending"  # pending | paid | failed
    reason: str | None = None
    created: float = field(default_factory=time.time)
    callbacks_sent: int = 0
    status_queries: int = 0  # how many times our client asked where it stands
    network: str = "FLOOZ"  # PayGate's payment_method
    currency: str = "XOF"  # MTN
    external_id: str | None = None  # MTN: the payee's own id, echoed back
    custom_data: dict = field(default_factory=dict)  # PayDunya
    return_url: str | None = None  # where the payer's browser goes back to


_tx_numbers = itertools.count(int(time.time()) % 1_000_000 * 1000)


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_key = {}

    def add(self, tx):
        with self.lock:
            key = (tx.provider, tx.reference)
            if key in self.by_key:
                return self.by_key[key], False
            self.by_key[key] = tx
            return tx, True

    def get(self, provider, reference):
        with self.lock:
            return self.by_key.get((provider, reference))

    def find(self, predicate):
        with self.lock:
            return next((tx for tx in self.by_key.values() if predicate(tx)), None)

    def all(self):
        with self.lock:
            return list(self.by_key.values())


def client_settings(url):
    """The settings that point our provider clients (payments and SMS) at a simulator serving `url`."""
    from app.payments.providers import SIMULATOR_CREDENTIALS

    url = url.rstrip("/")
    return {
        "PAYGATE_BASE_URL": f"{url}/paygate",
        "MTN_MOMO_BASE_URL": f"{url}/mtn",
        "PAYDUNYA_BASE_URL": f"{url}/paydunya/sandbox-api/v1",
        "AT_BASE_URL": f"{url}/africastalking",
        "AT_USERNAME": "karangou",
        **SIMULATOR_CREDENTIALS,
    }


def create_simulator(credentials, paygate_callback_url=None, public_url="", approve_delay=0.2, slow_seconds=3.0):
    """The simulator app; `credentials` are the keys it accepts (the names our config uses)."""
    app = Flask(__name__)
    app.config.update(
        CREDENTIALS=dict(credentials),
        PAYGATE_CALLBACK_URL=paygate_callback_url,
        PUBLIC_URL=public_url.rstrip("/"),
        APPROVE_DELAY=approve_delay,
        SLOW_SECONDS=slow_seconds,
    )
    app.extensions["sim_store"] = Store()
    from app.simulator import africastalking, mtn, payer, paydunya, paygate

    for module in (paygate, mtn, paydunya, payer, africastalking):
        app.register_blueprint(module.bp)
    return app


def store(app):
    return app.extensions["sim_store"]


def payout_state(payout, app):
    """Where a payout to a wallet stands, by the payee's phone suffix as for payments: 02 refused,
    03 pending for ever, 04 pending for SLOW_SECONDS then paid, anything else paid at once."""
    behaviour = payout["behaviour"]
    if behaviour == "decline":
        return "failed"
    if behaviour == "never_answer":
        return "pending"
    if behaviour == "slow" and time.time() - payout["created"] < app.config["SLOW_SECONDS"]:
        return "pending"
    return "paid"


def reset(app):
    """Forgets every transaction, payout and refund (tests start from an empty provider)."""
    with store(app).lock:
        store(app).by_key.clear()
    for name in ("PAYOUTS", "MTN_REFUNDS", "MTN_TRANSFERS"):
        app.config.pop(name, None)


def after_start(app, tx):
    """What the payer does once the prompt reaches the phone."""
    if tx.behaviour in ("approve", "slow", "callback_twice", "callback_lost", "bad_signature"):
        later(app.config["APPROVE_DELAY"], settle, app, tx, "paid")
    elif tx.behaviour == "decline":
        later(app.config["APPROVE_DELAY"], settle, app, tx, "failed", "APPROVAL_REJECTED")


def settle(app, tx, status, reason=None, callbacks=None):
    """The payer answered: the provider records it and sends its callback(s)."""
    with store(app).lock:
        if tx.status != "pending":
            return
        tx.status, tx.reason = status, reason
    if callbacks is None:
        callbacks = {"callback_lost": 0, "callback_twice": 2}.get(tx.behaviour, 1)
    send_callbacks(app, tx, callbacks, bad_hash=tx.behaviour == "bad_signature")


def send_callbacks(app, tx, times, bad_hash=False):
    from app.simulator import mtn, paydunya, paygate

    builders = {"paygate": paygate.callback, "mtn_momo": mtn.callback, "paydunya": paydunya.callback}
    request = builders[tx.provider](app, tx, bad_hash)
    if request is None:
        return
    for _ in range(times):
        later(0, _deliver, tx, request)


def _deliver(tx, request):
    url, kwargs = request
    try:
        response = outbound.client().post(url, timeout=10, **kwargs)
        tx.callbacks_sent += 1
        log.info("simulator callback %s %s -> %s", tx.provider, tx.tx_reference, response.status_code)
    except httpx.HTTPError as error:
        log.warning("simulator callback %s %s failed: %s", tx.provider, tx.tx_reference, error)


def later(delay, func, *args, **kwargs):
    timer = threading.Timer(delay, func, args, kwargs)
    timer.daemon = True
    timer.start()
    return timer
