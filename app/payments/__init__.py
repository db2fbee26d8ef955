"""Payments: mobile money and card through provider clients, RQ jobs and a sweep.

`init_app` reads the payment settings from the environment (tests pass them in the
config) and, for the embedded default, serves the provider simulator under /_simulator.
"""
import os

DEFAULTS = {
    "PUBLIC_BASE_URL": f"http://127.0.0.1:{os.environ.get('PORT', '5000')}",
    "PAYMENTS_SIMULATOR": "true",
    "PROVIDER_TIMEOUT": "10",
    "PAYGATE_BASE_URL": "https://paygateglobal.com",
    "PAYGATE_AUTH_TOKEN": "",
    "MTN_MOMO_BASE_URL": "https://sandbox.momodeveloper.mtn.com",
    "MTN_MOMO_SUBSCRIPTION_KEY": "",
    "MTN_MOMO_API_USER": "",
    "MTN_MOMO_API_KEY": "",
    "MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY": "",
    "MTN_MOMO_DISBURSEMENT_API_USER": "",
    "MTN_MOMO_DISBURSEMENT_API_KEY": "",
    "MTN_MOMO_TARGET_ENVIRONMENT": "sandbox",
    "MTN_MOMO_CURRENCY": "XOF",
    "PAYDUNYA_BASE_URL": "https://app.paydunya.com/sandbox-api/v1",
    "PAYDUNYA_MASTER_KEY": "",
    "PAYDUNYA_PRIVATE_KEY": "",
    "PAYDUNYA_TOKEN": "",
    # Whole FCFA. 100 is the smallest amount the wallets take; 1 000 000 stays under the
    # monthly ceiling of a basic Flooz or T-Money wallet.
    "PAYMENT_MIN_FCFA": "100",
    "PAYMENT_MAX_FCFA": "1000000",
    # MTN gives the payer about 5 minutes; we wait 10 before calling a payment expired.
    "PAYMENT_EXPIRY_SECONDS": "600",
    # Unfinished prompts an hour. Strict per number; loose per address, since a whole
    # neighbourhood may share one address behind the operator's NAT.
    "PAYMENT_LIMIT_PER_PHONE": "3",
    "PAYMENT_LIMIT_PER_IP": "60",
    "PAYMENT_POLL_DELAYS": "5,10,20,30,60",
}
BOOLEANS = {"PAYMENTS_SIMULATOR"}
INTEGERS = {"PAYMENT_MIN_FCFA", "PAYMENT_MAX_FCFA", "PAYMENT_EXPIRY_SECONDS", "PAYMENT_LIMIT_PER_PHONE",
            "PAYMENT_LIMIT_PER_IP"}


def init_app(app):
    for name, default in DEFAULTS.items():
        if name in app.config:
            continue
        value = os.environ.get(name, default)
        if name in BOOLEANS:
            value = value.strip().lower() in {"1", "true", "yes", "on"}
        elif name in INTEGERS:
            value = int(value)
        app.config[name] = value
    from app.funding import contributing
    from app.payments import checkout, providers
    from app.payments.operators import mask, mask_payload

    app.jinja_env.globals.update(
        mask_phone=mask,
        mask_payload=mask_payload,
        new_pay_request=lambda: checkout.PayRequest(key=checkout.new_idempotency_key()),
        payment_methods=providers.offered_methods,
        rewards_on_offer=contributing.rewards_on_offer,
        amount_presets=contributing.PRESETS_FCFA,
    )
    if app.config["PAYMENTS_SIMULATOR"]:
        _mount_simulator(app)


def _mount_simulator(app):
    """Serves the simulator from the same process, so `scripts/run` needs nothing more."""
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from app.payments.providers import SIMULATOR_CREDENTIALS, SIMULATOR_PREFIX
    from app.simulator import create_simulator

    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    simulator = create_simulator(
        credentials=SIMULATOR_CREDENTIALS,
        paygate_callback_url=f"{base}/paiements/rappel/paygate",
        public_url=base + SIMULATOR_PREFIX,
    )
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {SIMULATOR_PREFIX: simulator})
