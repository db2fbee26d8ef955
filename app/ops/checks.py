"""What `flask ops alerts` looks at, one reading per check: (failing, detail), or None when it
cannot tell (a queue while Redis is down: the Redis check says so already).

Details are short, in French, and carry no address, path or secret: they go by SMS.
"""
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import func, select

from app.catalog.models import Film
from app.extensions import db
from app.jobs import DEFAULT, TRANSCODE
from app.ops import health, storage
from app.payments.models import Payment
from app.storage import MissingKey
from app.payments.states import OPEN_STATUSES
from app.timeutil import utcnow
from app.watch import video_links
from app.watch.models import Rendition

MP4_SIGNATURE = b"ftyp"  # ISO/IEC 14496-12: every MP4 opens with its file-type box


def disk(app):
    used = storage.disk_used_percent(app)
    if used is None:
        return False, "médias dans le stockage objet : pas de disque à surveiller"
    limit = app.config["ALERT_DISK_PERCENT"]
    return used > limit, f"disque des médias plein à {used:.0f} % (seuil {limit:.0f} %)"


def database(app):
    reading = health.database()
    if not reading.ok:
        return True, f"base de données injoignable ({reading.error})"
    limit = app.config["ALERT_DB_MS"]
    return reading.ms > limit, f"aller-retour base de données {reading.ms:.0f} ms (seuil {limit:.0f} ms)"


def redis(app):
    reading = health.redis(app)
    return (not reading.ok), ("Redis injoignable" if not reading.ok else f"Redis répond en {reading.ms:.0f} ms")


def media_storage(app):
    problem = storage.probe(app)
    return problem is not None, f"stockage des médias : {problem or 'lecture et écriture correctes'}"


def streaming_path(app):
    """One rendition of a published film, asked of the app's own stream view (HEAD: nothing
    is counted as served) and its first bytes read from storage."""
    rendition = db.session.scalar(select(Rendition).join(Film, Film.id == Rendition.film_id)
                                  .where(Film.status == "published").order_by(Rendition.id.desc()).limit(1))
    if rendition is None:
        return False, "aucune vidéo à lire"
    with app.test_request_context():
        url = video_links.signed_url(rendition)
    response = app.test_client().head(url)
    status = response.status_code
    response.close()  # send_file's handle
    if status not in (200, 206):
        return True, f"lecture vidéo : le lien répond {status}"
    try:
        start = storage.read_start(app, rendition.path, 16)
    except (OSError, MissingKey) as error:
        return True, f"lecture vidéo : fichier illisible ({type(error).__name__})"
    if start[4:8] != MP4_SIGNATURE:
        return True, "lecture vidéo : le fichier n'est pas une vidéo MP4"
    return False, "lecture vidéo correcte"


def payments(app):
    """Open payments past their expiry and the sweep's grace: the sweep is not settling them."""
    window = app.config["PAYMENT_EXPIRY_SECONDS"] + app.config["ALERT_PAYMENT_GRACE_SECONDS"]
    stuck = db.session.scalar(select(func.count()).select_from(Payment).where(
        Payment.status.in_(OPEN_STATUSES), Payment.created_at < utcnow() - timedelta(seconds=window)))
    return stuck > 0, f"{stuck} paiement(s) ouverts depuis plus de {window // 60} min"


def _queue(name, setting):
    def check(app):
        try:
            depth, age = health.queues(app)[name]
        except RedisError:
            return None
        limit = app.config[setting]
        return depth > 0 and age > limit, f"file {name} : {depth} tâche(s), la plus ancienne attend depuis {age / 60:.0f} min"
    return check


# name: (reading, label in French, label in English); names are stored in ops_incidents.
CHECKS = {
    "database": (database, "Base de données", "Database"),
    "redis": (redis, "Redis", "Redis"),
    "disk": (disk, "Espace disque", "Disk space"),
    "storage": (media_storage, "Stockage des médias", "Media storage"),
    "streaming": (streaming_path, "Lecture vidéo", "Video streaming"),
    "payments": (payments, "Paiements bloqués", "Stuck payments"),
    "queue_default": (_queue(DEFAULT, "ALERT_QUEUE_AGE_SECONDS"), "File des tâches", "Job queue"),
    "queue_transcode": (_queue(TRANSCODE, "ALERT_TRANSCODE_QUEUE_AGE_SECONDS"), "File des encodages",
                        "Transcode queue"),
}


def read_all(app=None):
    """{check name: (failing, detail) or None}, the database first (nothing else works without it)."""
    app = app or current_app._get_current_object()
    return {name: reading(app) for name, (reading, _fr, _en) in CHECKS.items()}
