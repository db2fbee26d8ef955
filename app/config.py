"""Every setting, read from the environment once, when this module is imported.

Production is the default. Whatever only suits a demonstration — SQLite, a generated
SECRET_KEY, jobs in a thread of the web process, the provider simulator, the SMS and
e-mail outboxes with their /dev pages, limits counted in memory — needs the one switch
`KARANGOU_DEMO=1` (scripts/run and the tests set it). Without it, `check` lists what is
missing (app/config_checks.py) and create_app refuses to start.
"""
import os
import secrets
from datetime import timedelta

TRUE = {"1", "true", "yes", "on"}


def env_bool(name, default=None):
    """True or False from the environment; `default` (None: not set) when absent."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in TRUE


def _int(name, default):
    return int(os.environ.get(name) or default)


class Config:
    DEMO = env_bool("KARANGOU_DEMO", False)
    SECRET_KEY = os.environ.get("SECRET_KEY")  # demo: generated into the instance folder
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # demo: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Behind pgbouncer in transaction mode (Debian's 1.18 keeps no prepared statements across
    # transactions): psycopg must not prepare any (prepare_threshold=None), see app.__init__.
    DATABASE_PGBOUNCER = env_bool("DATABASE_PGBOUNCER", False)
    REDIS_URL = os.environ.get("REDIS_URL")  # demo: redis://127.0.0.1:6379/0
    # Three uses, three Redis if wanted (each None: REDIS_URL). The queue also holds the
    # buffered watch positions and byte counters and must persist (appendonly); the cache
    # (pages, filter lists, their versions) may be volatile (maxmemory-policy volatile-lru).
    REDIS_QUEUE_URL = os.environ.get("REDIS_QUEUE_URL")
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    RQ_QUEUE = os.environ.get("RQ_QUEUE", "karangou")
    # Jobs in a thread of the web process: demo only (a restart would lose them).
    JOBS_INLINE = env_bool("JOBS_INLINE")  # None: True in the demo, False otherwise
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT")  # demo: <instance>/media
    # Where posters, sources and renditions are kept (app/storage): "local", the MEDIA_ROOT
    # folder, or "s3", a bucket of an S3-compatible object store shared by every node; MEDIA_ROOT
    # then only holds this node's working files (a chunk being received, an upload being joined).
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL")  # e.g. http://seaweed-s3:8333; AWS: its regional URL
    S3_BUCKET = os.environ.get("S3_BUCKET")
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY")
    S3_REGION = os.environ.get("S3_REGION")
    # Filmmakers' uploads, in decimal GB: what one account may hold (its films' sources and
    # its unfinished uploads) and the largest video file (app/studio/quota.py).
    UPLOAD_QUOTA_GB = _int("UPLOAD_QUOTA_GB", 20)
    UPLOAD_MAX_VIDEO_GB = _int("UPLOAD_MAX_VIDEO_GB", 2)
    # With nginx in front: the internal location that serves MEDIA_ROOT (README, "Watching").
    VIDEO_ACCEL_REDIRECT = os.environ.get("VIDEO_ACCEL_REDIRECT")
    # The secret video links are signed with, shared with nginx's secure_link (app.watch.video_links);
    # derived from SECRET_KEY when unset.
    VIDEO_LINK_SECRET = os.environ.get("VIDEO_LINK_SECRET")
    # How long a transcode may run (RQ job_timeout): this many seconds per second of film and
    # per rendition, plus the margin. On 2 cores a rendition took 0.09-0.28 s per second of a
    # 720p film (README, "Watching"): 3 leaves room for a slow or busy machine.
    TRANSCODE_SECONDS_PER_SECOND = float(os.environ.get("TRANSCODE_SECONDS_PER_SECOND") or 3)
    TRANSCODE_TIMEOUT_MARGIN = _int("TRANSCODE_TIMEOUT_MARGIN", 600)
    # Where scripts/fetch-film keeps the real film the demo, the benches and the tests use.
    FILM_CACHE = os.environ.get("FILM_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "karangou")
    # Films downloaded for offline viewing (README, "Offline"): fetched in byte ranges of this
    # size, each kept on the phone as it arrives (512 KiB: ~16 s on 2G, so a drop costs little);
    # "Download tonight" waits for these local hours of the phone (night bundles) or for Wi-Fi.
    DOWNLOAD_CHUNK_BYTES = _int("DOWNLOAD_CHUNK_BYTES", 512 * 1024)
    DOWNLOAD_NIGHT_HOURS = os.environ.get("DOWNLOAD_NIGHT_HOURS", "23-6")

    # Home, browse, search and film pages kept in Redis, personal parts spliced in per request
    # (app/catalog/page_cache.py).
    PAGE_CACHE = env_bool("PAGE_CACHE", True)
    # Watch positions and bytes served counted in Redis and written to PostgreSQL in batches
    # by `flask watch flush-counters` (app/watch/buffer.py). None: on, but off in the demo
    # (written through at once: the demo runs no flusher).
    WATCH_BUFFER = env_bool("WATCH_BUFFER")

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

    # SMS: "africastalking" sends them; "outbox" (demo only) keeps them for the /dev/sms page.
    SMS_PROVIDER = os.environ.get("SMS_PROVIDER")  # demo: outbox
    AT_BASE_URL = os.environ.get("AT_BASE_URL", "https://api.africastalking.com")
    AT_USERNAME = os.environ.get("AT_USERNAME", "")
    AT_API_KEY = os.environ.get("AT_API_KEY", "")
    AT_SENDER_ID = os.environ.get("AT_SENDER_ID")

    # E-mail: "smtp" sends it, "off" sends none; "outbox" (demo only) keeps it for /dev/courriels.
    MAIL_PROVIDER = os.environ.get("MAIL_PROVIDER")  # demo: outbox
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", True)  # STARTTLS
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL", False)  # TLS from the start (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "nouvelles@karangou.example")

    # Limits are counted in Redis (every gunicorn worker sees the same counts); memory: demo only.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")  # None: REDIS_URL (demo: memory://)
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "karangou")
    RATELIMIT_STRATEGY = "moving-window"  # "3 an hour" means in any hour, not per clock hour
    RATELIMIT_HEADERS_ENABLED = True
    # Redis unreachable: each worker counts in its own memory until it is back, rather than
    # nobody signing in; code tries stay counted in the database.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Tries an hour from one address (app/accounts/limits.py): loose, since a whole neighbourhood
    # may share one address behind the operator's NAT. Those per number are the strict ones.
    CODE_REQUEST_LIMIT_PER_IP = _int("CODE_REQUEST_LIMIT_PER_IP", 60)
    CODE_ENTRY_LIMIT_PER_IP = _int("CODE_ENTRY_LIMIT_PER_IP", 300)
    SIGN_IN_LIMIT_PER_IP = _int("SIGN_IN_LIMIT_PER_IP", 300)

    # Forms filled on 2G may wait long, and actions made offline are sent hours later.
    WTF_CSRF_TIME_LIMIT = 24 * 3600

    # Proxies in front of gunicorn (nginx: 1). Their X-Forwarded-For/-Proto/-Host are believed,
    # so per-IP limits count each visitor, not the proxy; with 0 nobody can forge them.
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_bool("COOKIE_SECURE", False)
    # "Stay signed in" lasts 30 days from sign-in; signing out anywhere ends it everywhere.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = env_bool("COOKIE_SECURE", False)
    PREFERRED_URL_SCHEME = os.environ.get("URL_SCHEME", "http")
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Sizes of poster variants, in CSS pixels of width; posters are 2:3.
    POSTER_WIDTHS = (96, 160, 320, 640)

    # --- payments -------------------------------------------------------------------------
    # Our address as providers see it: callback and return URLs. Demo: http://127.0.0.1:$PORT.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    # Serve the simulator under /_simulator and use it for providers without keys: demo only.
    PAYMENTS_SIMULATOR = env_bool("PAYMENTS_SIMULATOR")  # None: True in the demo, False otherwise
    PROVIDER_TIMEOUT = float(os.environ.get("PROVIDER_TIMEOUT") or 10)
    PAYGATE_BASE_URL = os.environ.get("PAYGATE_BASE_URL", "https://paygateglobal.com")
    PAYGATE_AUTH_TOKEN = os.environ.get("PAYGATE_AUTH_TOKEN", "")
    MTN_MOMO_BASE_URL = os.environ.get("MTN_MOMO_BASE_URL", "https://sandbox.momodeveloper.mtn.com")
    MTN_MOMO_SUBSCRIPTION_KEY = os.environ.get("MTN_MOMO_SUBSCRIPTION_KEY", "")
    MTN_MOMO_API_USER = os.environ.get("MTN_MOMO_API_USER", "")
    MTN_MOMO_API_KEY = os.environ.get("MTN_MOMO_API_KEY", "")
    MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY = os.environ.get("MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY", "")
    MTN_MOMO_DISBURSEMENT_API_USER = os.environ.get("MTN_MOMO_DISBURSEMENT_API_USER", "")
    MTN_MOMO_DISBURSEMENT_API_KEY = os.environ.get("MTN_MOMO_DISBURSEMENT_API_KEY", "")
    MTN_MOMO_TARGET_ENVIRONMENT = os.environ.get("MTN_MOMO_TARGET_ENVIRONMENT", "sandbox")
    MTN_MOMO_CURRENCY = os.environ.get("MTN_MOMO_CURRENCY", "XOF")
    PAYDUNYA_BASE_URL = os.environ.get("PAYDUNYA_BASE_URL", "https://app.paydunya.com/sandbox-api/v1")
    PAYDUNYA_MASTER_KEY = os.environ.get("PAYDUNYA_MASTER_KEY", "")
    PAYDUNYA_PRIVATE_KEY = os.environ.get("PAYDUNYA_PRIVATE_KEY", "")
    PAYDUNYA_TOKEN = os.environ.get("PAYDUNYA_TOKEN", "")
    # Whole FCFA. 100 is the smallest amount the wallets take; 1 000 000 stays under the
    # monthly ceiling of a basic Flooz or T-Money wallet.
    PAYMENT_MIN_FCFA = _int("PAYMENT_MIN_FCFA", 100)
    PAYMENT_MAX_FCFA = _int("PAYMENT_MAX_FCFA", 1_000_000)
    # MTN gives the payer about 5 minutes; we wait 10 before calling a payment expired.
    PAYMENT_EXPIRY_SECONDS = _int("PAYMENT_EXPIRY_SECONDS", 600)
    PAYMENT_LIMIT_PER_PHONE = _int("PAYMENT_LIMIT_PER_PHONE", 3)
    PAYMENT_LIMIT_PER_IP = _int("PAYMENT_LIMIT_PER_IP", 60)  # a neighbourhood shares one address
    # Contest votes (app/contests/voting.py): vote units per minute per number and per address (a
    # ballot holds at most as many); ballots this close to the previous one from the same number or
    # address, and an address voting for this many candidates within the window, are held.
    CONTEST_VOTES_PER_MINUTE = _int("CONTEST_VOTES_PER_MINUTE", 10)
    CONTEST_RAPID_SECONDS = _int("CONTEST_RAPID_SECONDS", 5)
    CONTEST_MANY_CANDIDATES = _int("CONTEST_MANY_CANDIDATES", 3)
    CONTEST_MANY_WINDOW_SECONDS = _int("CONTEST_MANY_WINDOW_SECONDS", 600)
    PAYMENT_POLL_DELAYS = os.environ.get("PAYMENT_POLL_DELAYS", "5,10,20,30,60")
    # An expired payment is still asked about (with a backoff) this long after it was created:
    # a payer can approve the prompt later, and the money must then be credited.
    PAYMENT_LATE_CHECK_SECONDS = _int("PAYMENT_LATE_CHECK_SECONDS", 172_800)
    # Callbacks per address (a provider's servers): one per payment, a few duplicates, well
    # under this; a flood beyond it is answered 429 and never stored.
    PAYMENT_CALLBACK_LIMIT = os.environ.get("PAYMENT_CALLBACK_LIMIT", "30 per second;600 per minute")

    # --- payouts to filmmakers (app/payouts) -------------------------------------------------
    # The platform's fee on what a funded project raised, in percent (decimals allowed: "4.5");
    # whole FCFA, rounded down (app/funding/ledger.py platform_fee).
    PLATFORM_FEE_PERCENT = os.environ.get("PLATFORM_FEE_PERCENT") or "5"
    # A payout above this (FCFA paid to the filmmaker) needs an administrator's approval too.
    PAYOUT_ADMIN_THRESHOLD_FCFA = _int("PAYOUT_ADMIN_THRESHOLD_FCFA", 500_000)
    # How often, and how many times, a job asks the provider where a payout stands before
    # leaving it to `flask payments reconcile` (seconds, comma-separated).
    PAYOUT_CHECK_DELAYS = os.environ.get("PAYOUT_CHECK_DELAYS", "5,15,60,300")

    # --- operations (docs/deploy.md, "Monitoring") ------------------------------------------
    # /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404 outside
    # the demo (the demo serves it open on its own machine).
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")
    # Errors go to Sentry when set, scrubbed of phone numbers, codes and passwords (app/ops/sentry.py).
    SENTRY_DSN = os.environ.get("SENTRY_DSN")
    SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
    # Who `flask ops alerts` tells: these addresses and numbers (comma-separated), else every
    # active administrator's e-mail and phone.
    ALERT_EMAILS = os.environ.get("ALERT_EMAILS", "")
    ALERT_PHONES = os.environ.get("ALERT_PHONES", "")
    # Thresholds: the media folder's file system this full (%), a database round trip this slow
    # (ms), an open payment this long past its expiry (s), a job waiting this long (s) on the
    # default queue or on the transcode queue (a film may wait hours behind a long one).
    ALERT_DISK_PERCENT = float(os.environ.get("ALERT_DISK_PERCENT") or 85)
    ALERT_DB_MS = float(os.environ.get("ALERT_DB_MS") or 200)
    ALERT_PAYMENT_GRACE_SECONDS = _int("ALERT_PAYMENT_GRACE_SECONDS", 600)
    ALERT_QUEUE_AGE_SECONDS = _int("ALERT_QUEUE_AGE_SECONDS", 300)
    ALERT_TRANSCODE_QUEUE_AGE_SECONDS = _int("ALERT_TRANSCODE_QUEUE_AGE_SECONDS", 6 * 3600)


def new_secret_key():
    return secrets.token_hex(32)
