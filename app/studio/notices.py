"""Messages to the filmmaker about their films, sent when something they wait for happens."""
import hashlib

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.catalog.models import Film
from app.extensions import db
from app.links import public_url
from app.mail.outbox import queue_email
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
    return f'Karangou : la nouvelle video de "{title}" est prete et part en relecture. {link}'


# What the team is told of a decision about its project or film, by SMS: one GSM-7 segment
# with a 40-character title; the administrator's words are in the studio, behind the link.
DECISION_TEXTS = {
    "project.approve": 'Karangou : votre projet "{title}" est en ligne. {link}',
    "project.send_back": 'Karangou : "{title}" vous est renvoye avec un message. Lisez-le : {link}',
    "project.reject": 'Karangou : "{title}" n\'est pas retenu. Le motif : {link}',
    "project.suspend": 'Karangou : la collecte "{title}" est suspendue. Le motif : {link}',
    "project.cancel": 'Karangou : la collecte "{title}" est annulee, les contributions remboursees. {link}',
    "project.reinstate": 'Karangou : la collecte "{title}" reprend. {link}',
    "film.approve": 'Karangou : votre film "{title}" est publie. {link}',
    "film.send_back": 'Karangou : "{title}" vous est renvoye avec un message. Lisez-le : {link}',
    "film.reject": 'Karangou : "{title}" n\'est pas retenu. Le motif : {link}',
    "film.approve_video": 'Karangou : la nouvelle video de "{title}" est en ligne. {link}',
    "film.send_back_video": 'Karangou : la nouvelle video de "{title}" vous est renvoyee. {link}',
    "film.withdraw": 'Karangou : le film "{title}" est retire du catalogue. Le motif : {link}',
    "film.reinstate": 'Karangou : le film "{title}" est de nouveau en ligne. {link}',
}


def decision_text(action, target):
    endpoint, key = ("studio.project", "project_id") if action.startswith("project.") else ("studio.film", "film_id")
    link = public_url(endpoint, **{key: target.id})
    return DECISION_TEXTS[action].format(title=gsm7_safe(target.title)[:40], link=link)


def notify_decision(action, target, comment, tag):
    """Tells the owner of a project or film what an administrator decided: an SMS, and an
    e-mail with the administrator's words where the member gave an address. `tag` (unique per
    decision) keeps each to one message. Flushes; both leave after the commit."""
    owner = db.session.get(User, target.owner_id) if target.owner_id else None
    if owner is None or action not in DECISION_TEXTS:
        return None
    sms = queue_sms(owner.phone, decision_text(action, target), tag)
    if owner.email:
        with force_locale(owner.locale or "fr"):
            subject = _("Karangou: news of “%(title)s”", title=target.title)
            body = render_template("mail/decision.txt", action=action, target=target, comment=comment,
                                   link=decision_text(action, target).rsplit(" ", 1)[-1])
        queue_email(owner.email, subject, body, tag)
    return sms
