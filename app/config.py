"""Configuration read from the environment, with defaults that run Karangou on one laptop.

With nothing set, the app uses SQLite in the instance folder, runs background jobs in a
thread of the web process and talks to the built-in provider simulator.
"""
import os
import secrets


def _bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")  # generated per instance when unset, see create_app
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # None: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    RQ_QUEUE = os.environ.get("RQ_QUEUE", "karangou")
    # In-process jobs suit one machine with no worker; production sets JOBS_INLINE=false.
    JOBS_INLINE = _bool("JOBS_INLINE", True)
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT")  # None: <instance>/media
    # With nginx in front: the internal location that serves MEDIA_ROOT (README, "Watching").
    VIDEO_ACCEL_REDIRECT = os.environ.get("VIDEO_ACCEL_REDIRECT")

    # Anonymous home, browse and search pages kept in Redis (app/catalog/page_cache.py).
    PAGE_CACHE = _bool("PAGE_CACHE", True)

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Africa/Lome"
    LANGUAGES = ("fr", "en")

    COMPRESS_ALGORITHM = ["br", "gzip"]
    # Quality 7, not 9: on a 13 KB page 9 costs 9.6 ms of CPU for 35 bytes less (7: 0.6 ms).
    # Static files are compressed once at start-up at quality 11 (app/assets.py).
    COMPRESS_BR_LEVEL = 7
    COMPRESS_LEVEL = 9
    COMPRESS_MIN_SIZE = 256
    COMPRESS_EVALUATE_CONDITIONAL_REQUEST = False  # app.http answers 304 after compression
    COMPRESS_MIMETYPES = [
        "text/html", "text/css", "text/plain", "text/xml", "text/csv",
        "application/json", "application/javascript", "text/javascript",
        "application/manifest+json", "image/svg+xml",
    ]

    # SMS: "outbox" keeps messages in the database (page /dev/sms); "africastalking" sends them.
    SMS_PROVIDER = os.environ.get("SMS_PROVIDER", "outbox")
    AT_BASE_URL = os.environ.get("AT_BASE_URL", "https://api.sandbox.africastalking.com")
    AT_USERNAME = os.environ.get("AT_USERNAME", "sandbox")
    AT_API_KEY = os.environ.get("AT_API_KEY", "")
    AT_SENDER_ID = os.environ.get("AT_SENDER_ID")

    # E-mail: "outbox" keeps messages in the database (page /dev/courriels); "smtp" sends them.
    MAIL_PROVIDER = os.environ.get("MAIL_PROVIDER", "outbox")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)  # STARTTLS
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)  # TLS from the start (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "nouvelles@karangou.example")

    # Limits are shared by every worker through Redis; unset, they use REDIS_URL, and only the
    # demo keeps them in its one process's memory (create_app).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "karangou")
    RATELIMIT_STRATEGY = "moving-window"  # "3 an hour" means in any hour, not per clock hour
    RATELIMIT_HEADERS_ENABLED = True
    # Redis unreachable: each worker counts in its own memory until it is back, rather than
    # nobody signing in; code tries stay counted in the database.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Tries an hour from one address (app/accounts/limits.py): loose, since a whole neighbourhood
    # may share one address behind the operator's NAT. Those per number are the strict ones.
    CODE_REQUEST_LIMIT_PER_IP = int(os.environ.get("CODE_REQUEST_LIMIT_PER_IP", "60"))
    CODE_ENTRY_LIMIT_PER_IP = int(os.environ.get("CODE_ENTRY_LIMIT_PER_IP", "300"))
    SIGN_IN_LIMIT_PER_IP = int(os.environ.get("SIGN_IN_LIMIT_PER_IP", "300"))

    # Forms filled on 2G may wait long, and actions made offline are sent hours later.
    WTF_CSRF_TIME_LIMIT = 24 * 3600

    # Proxies in front of gunicorn (nginx: 1). Their X-Forwarded-For/-Proto/-Host are believed,
    # so per-IP limits count each visitor, not the proxy; with 0 nobody can forge them.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    PREFERRED_URL_SCHEME = os.environ.get("URL_SCHEME", "http")
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Sizes of poster variants, in CSS pixels of width; posters are 2:3.
    POSTER_WIDTHS = (96, 160, 320, 640)


def new_secret_key():
    return secrets.token_hex(32)
