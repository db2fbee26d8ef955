"""What the demo switch fills in, and what stops Karangou from starting outside it.

`create_app` calls `fill_defaults` then `check` once: production is the default, the demo
(`KARANGOU_DEMO=1`) fills in the simulator, the outboxes and in-process jobs, and outside it
a missing secret, database, provider or store is refused with a phrase naming it.
"""


# What the demo switch fills in when a setting is left unset (the instance folder gives the rest).
DEMO_DEFAULTS = {
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "JOBS_INLINE": True,
    "PAYMENTS_SIMULATOR": True,
    "SMS_PROVIDER": "outbox",
    "MAIL_PROVIDER": "outbox",
    "RATELIMIT_STORAGE_URI": "memory://",
    "WATCH_BUFFER": False,
}
PRODUCTION_DEFAULTS = {"JOBS_INLINE": False, "PAYMENTS_SIMULATOR": False, "WATCH_BUFFER": True}
DEMO_ONLY = {  # setting: (value it may not have outside the demo, why)
    "JOBS_INLINE": (True, "jobs in the web process are lost on restart; run `flask jobs worker`"),
    "PAYMENTS_SIMULATOR": (True, "the simulator approves payments with no money behind them"),
    "SMS_PROVIDER": ("outbox", "the outbox shows sign-in codes on a public page; use africastalking"),
    "MAIL_PROVIDER": ("outbox", "the outbox shows e-mails on a public page; use smtp or off"),
}
PAYMENT_KEYS = {
    "PayGate": ("PAYGATE_AUTH_TOKEN",),
    "MTN MoMo": ("MTN_MOMO_SUBSCRIPTION_KEY", "MTN_MOMO_API_USER", "MTN_MOMO_API_KEY"),
    "PayDunya": ("PAYDUNYA_MASTER_KEY", "PAYDUNYA_PRIVATE_KEY", "PAYDUNYA_TOKEN"),
}


# Where check() looks for each required name: REDIS_URL may be replaced by the queue's and the
# cache's own (the limits then fall back to the queue's).
SETTING_OF = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "REDIS_URL": "REDIS_QUEUE_URL"}


class ConfigError(RuntimeError):
    """The app was started outside the demo without what production needs."""


def fill_defaults(config):
    """Resolves the settings left unset, by the demo switch; runs once, in create_app."""
    defaults = DEMO_DEFAULTS if config.get("DEMO") else PRODUCTION_DEFAULTS
    for name, value in defaults.items():
        if config.get(name) is None:
            config[name] = value
    for name in ("REDIS_QUEUE_URL", "CACHE_REDIS_URL", "RATELIMIT_STORAGE_URI"):
        if not config.get(name):
            config[name] = config.get("REDIS_URL") or config.get("REDIS_QUEUE_URL")


def check(config):
    """What stops this configuration from running safely outside the demo, one phrase each."""
    if config.get("DEMO"):
        return []
    problems = [f"{name} is not set" for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT",
                                                    "PUBLIC_BASE_URL")
                if not config.get(SETTING_OF.get(name, name))]
    problems += storage_problems(config)
    uri = config.get("SQLALCHEMY_DATABASE_URI") or ""
    if uri and not uri.startswith(("postgres://", "postgresql")):
        problems.append("DATABASE_URL must name PostgreSQL (SQLite is for the demo)")
    for name, (forbidden, why) in DEMO_ONLY.items():
        if config.get(name) == forbidden:
            problems.append(f"{name}={str(forbidden).lower()} is demo-only: {why}")
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        problems.append("RATELIMIT_STORAGE_URI=memory:// is demo-only: each worker would count apart")
    if config.get("SMS_PROVIDER") == "africastalking":
        problems += [f"{name} is not set (SMS_PROVIDER=africastalking)" for name in ("AT_USERNAME", "AT_API_KEY")
                     if not config.get(name)]
    elif config.get("SMS_PROVIDER") != "outbox":
        problems.append("SMS_PROVIDER is not set: africastalking (sign-in codes and receipts go by SMS)")
    if config.get("MAIL_PROVIDER") not in ("smtp", "off", "outbox"):
        problems.append("MAIL_PROVIDER is not set: smtp, or off to send no e-mail")
    if not any(all(config.get(key) for key in keys) for keys in PAYMENT_KEYS.values()):
        problems.append("no payment provider has its keys: set PAYGATE_AUTH_TOKEN, the MTN_MOMO_* keys "
                        "or the PAYDUNYA_* keys")
    return problems


S3_SETTINGS = ("S3_ENDPOINT_URL", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION")


def storage_problems(config):
    """The media store's settings: a known backend, and for s3 every one of S3_SETTINGS."""
    backend = config.get("STORAGE_BACKEND") or "local"
    if backend == "local":
        return []
    if backend != "s3":
        return [f"STORAGE_BACKEND={backend} is unknown: local or s3"]
    return [f"{name} is not set (STORAGE_BACKEND=s3)" for name in S3_SETTINGS if not config.get(name)]
