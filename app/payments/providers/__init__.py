"""The providers this instance offers, built from configuration at each use.

A provider with no credentials is not offered, unless the built-in simulator stands in
for it (PAYMENTS_SIMULATOR, in the demo only).
"""
from flask import current_app

from app.payments.providers.base import ProviderError, ProviderRefused  # noqa: F401
from app.payments.providers.mtn_momo import MtnMomo
from app.payments.providers.paydunya import PayDunya
from app.payments.providers.paygate import PayGate

SIMULATOR_PREFIX = "/_simulator"
# Credentials the built-in simulator accepts; they mean nothing anywhere else.
SIMULATOR_CREDENTIALS = {
    "PAYGATE_AUTH_TOKEN": "sim-paygate-token",
    "MTN_MOMO_SUBSCRIPTION_KEY": "sim-subscription-key",
    "MTN_MOMO_API_USER": "sim-api-user",
    "MTN_MOMO_API_KEY": "sim-api-key",
    "MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY": "sim-disbursement-key",
    "MTN_MOMO_DISBURSEMENT_API_USER": "sim-disbursement-user",
    "MTN_MOMO_DISBURSEMENT_API_KEY": "sim-disbursement-api-key",
    "PAYDUNYA_MASTER_KEY": "sim-master-key",
    "PAYDUNYA_PRIVATE_KEY": "sim-private-key",
    "PAYDUNYA_TOKEN": "sim-token",
    "AT_API_KEY": "sim-at-key",  # Africa's Talking, for SMS
}
SIMULATOR_PATHS = {"paygate": "/paygate", "mtn_momo": "/mtn", "paydunya": "/paydunya/sandbox-api/v1"}


def _setting(config, name, provider):
    value = config.get(name)
    if value:
        return value, False
    if config.get("DEMO") and config.get("PAYMENTS_SIMULATOR") and name in SIMULATOR_CREDENTIALS:
        return SIMULATOR_CREDENTIALS[name], True
    return None, False


def _base_url(config, name, provider, simulated):
    if simulated:
        return config["PUBLIC_BASE_URL"].rstrip("/") + SIMULATOR_PREFIX + SIMULATOR_PATHS[provider]
    return config[name]


def configured(app=None):
    """{name: client} for every provider with credentials (real or simulated)."""
    config = (app or current_app).config
    options = {"timeout": float(config["PROVIDER_TIMEOUT"]), "retries": 2}
    found = {}
    token, simulated = _setting(config, "PAYGATE_AUTH_TOKEN", "paygate")
    if token:
        found["paygate"] = PayGate(_base_url(config, "PAYGATE_BASE_URL", "paygate", simulated), token, **options)
    keys = [_setting(config, n, "mtn_momo") for n in
            ("MTN_MOMO_SUBSCRIPTION_KEY", "MTN_MOMO_API_USER", "MTN_MOMO_API_KEY")]
    if all(value for value, _ in keys):
        simulated = keys[0][1]
        # Refunds need the Disbursement product's own keys; without them MoMo refunds are made by hand.
        disbursement = [_setting(config, f"MTN_MOMO_DISBURSEMENT_{n}", "mtn_momo")[0]
                        for n in ("SUBSCRIPTION_KEY", "API_USER", "API_KEY")]
        found["mtn_momo"] = MtnMomo(_base_url(config, "MTN_MOMO_BASE_URL", "mtn_momo", simulated),
                                    *(value for value, _ in keys), config["MTN_MOMO_TARGET_ENVIRONMENT"],
                                    config["MTN_MOMO_CURRENCY"],
                                    disbursement=tuple(disbursement) if all(disbursement) else None, **options)
    keys = [_setting(config, n, "paydunya") for n in ("PAYDUNYA_MASTER_KEY", "PAYDUNYA_PRIVATE_KEY", "PAYDUNYA_TOKEN")]
    if all(value for value, _ in keys):
        simulated = keys[0][1]
        found["paydunya"] = PayDunya(_base_url(config, "PAYDUNYA_BASE_URL", "paydunya", simulated),
                                     *(value for value, _ in keys), **options)
    return found


def provider_for_method(method, app=None):
    """The client that takes `method` (flooz, tmoney, momo, card), or None if none is offered."""
    for client in configured(app).values():
        if method in client.methods:
            return client
    return None


def client(name, app=None):
    found = configured(app).get(name)
    if found is None:
        raise ProviderError(f"provider {name} is not configured")
    return found


def offered_methods(app=None):
    return [m for c in configured(app).values() for m in c.methods]
