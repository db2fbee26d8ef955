"""Payments: mobile money and card through provider clients, RQ jobs and a sweep.

Its settings are in app/config.py. `init_app` gives the templates what the pay form needs and,
in the demo, serves the provider simulator under /_simulator.
"""


def init_app(app):
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
    if app.config["DEMO"] and app.config["PAYMENTS_SIMULATOR"]:
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
