"""Messages to the filmmaker about their films, sent when something they wait for happens."""
import hashlib

from sqlalchemy import select

from app.accounts.models import User
from app.catalog.models import Film
from app.extensions import db
from app.links import public_url
from app.sms.models import SmsMessage
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe
from app.studio.models import UploadSession


def notify_film_ready(film_id):
    """Tells the filmmaker by SMS that the film's video is ready; once per source video.

    Only for films whose video came through the studio: a source put in place from the
    command line (`flask watch add-source`, the demo) tells nobody. Called by the transcode
    job before its commit, so the SMS leaves after it (flushes only). Safe to call again: a
    second run of the same transcode finds the message already queued. Returns the message,
    or None when nothing is sent.
    """
    film = db.session.get(Film, film_id)
    if film is None or film.video_status != "ready" or film.owner_id is None or not film.source_path:
        return None
    if not _came_through_the_studio(film):
        return None
    owner = db.session.get(User, film.owner_id)
    if owner is None or owner.disabled_at is not None:
        return None
    tag = f"ready:{film.id}:{hashlib.sha256(film.source_path.encode()).hexdigest()[:12]}"
    if db.session.scalar(select(SmsMessage.id).where(SmsMessage.kind == tag).limit(1)) is not None:
        return None
    return queue_sms(owner.phone, ready_text(film), tag)


def _came_through_the_studio(film):
    query = select(UploadSession.id).where(UploadSession.film_id == film.id, UploadSession.kind == "video",
                                           UploadSession.status == "complete")
    return db.session.scalar(query.limit(1)) is not None


def ready_text(film):
    """In French and GSM-7, like every SMS; one segment (160 characters) with a 40-character title."""
    title = gsm7_safe(film.title)[:40]
    link = public_url("studio.film", film_id=film.id)
    if film.status in ("draft", "rejected"):
        return f'Karangou : la video de "{title}" est prete. Envoyez-la en relecture : {link}'
    return f'Karangou : la nouvelle video de "{title}" est en ligne. {link}'
