"""Films a filmmaker creates in the studio: a draft until its video is ready and reviewed.

A film's details (title, synopsis, year, country, languages, genres, poster, early
screening) can be changed at any time, published or not: the catalogue's cached pages see
the change at the commit (app.catalog.freshness). Its address (slug) never changes, so the
links already sent by SMS keep working. A film never shown (draft or rejected) may be
deleted; its stored media leave after the commit (`remove_film_media`).
"""
import re
import secrets
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from flask_babel import lazy_gettext as _l

from app import jobs, storage
from app.catalog import search
from app.catalog.models import Film, Genre
from app.extensions import db
from app.funding.models import Project
from app.media import posters
from app.studio import uploads
from app.studio.models import UploadSession
from app.timeutil import as_utc, utcnow
from app.watch.models import Rendition

DELETABLE_STATUSES = ("draft", "rejected")  # never shown to anyone
MAX_EARLY_DAYS = 90


class FilmFormError(ValueError):
    """A detail that cannot be kept; the message says which, in the member's language."""


def slug_for(title):
    base = re.sub(r"[^a-z0-9]+", "-", search.fold(title)).strip("-")[:100] or "film"
    slug, n = base, 1
    while db.session.scalar(select(func.count()).select_from(Film).where(Film.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_film(owner, data):
    """A new draft; two films of the same title created at once get two addresses. Flushes."""
    film = Film(slug=slug_for(data["title"]), title=data["title"].strip(), synopsis=data["synopsis"].strip(),
                year=data["year"], country_code=data["country"], language=data.get("language") or None,
                owner_id=owner.id, status="draft")
    film.genres = db.session.scalars(select(Genre).where(Genre.slug.in_(data.get("genres") or []))).all()
    try:
        with db.session.begin_nested():
            db.session.add(film)
    except IntegrityError:  # another request took this slug between our look and our insert
        film.slug = f"{film.slug[:92]}-{secrets.token_hex(3)}"
        db.session.add(film)
        db.session.flush()
    film.search_text = search.search_text_for(film)
    return film


def update_film(film, data, poster=None):
    """Writes the form's details on the film (and its poster, bytes, when one is sent); flushes.
    Raises FilmFormError (nothing changed) for a poster that is not an image or an early
    screening the film cannot have."""
    backers_until = _early_end(film, data.get("backers_until"))
    if poster:
        try:
            film.poster_key, film.poster_color = posters.store_poster("films", film.id, poster)
        except posters.PosterError as error:
            raise FilmFormError(_l("This image could not be read, or has too many pixels. Try another one.")) from error
    film.title = data["title"].strip()
    film.synopsis = data["synopsis"].strip()
    film.year, film.country_code = data["year"], data["country"]
    film.language = (data.get("language") or "").strip() or None
    film.genres = db.session.scalars(select(Genre).where(Genre.slug.in_(data.get("genres") or []))).all()
    film.backers_until = backers_until
    film.search_text = search.search_text_for(film)
    db.session.flush()
    return film


def _early_end(film, day):
    """The end of an early screening chosen as a day (the whole day, UTC), or None."""
    if day is None:
        return None
    if not has_funded_project(film):
        raise FilmFormError(_l("An early screening is for the backers of a funded project: link this film "
                               "to your project first."))
    today = utcnow().date()
    if not today < day <= today + timedelta(days=MAX_EARLY_DAYS):
        raise FilmFormError(_l("Choose an end for the early screening within the next %(days)s days.",
                               days=MAX_EARLY_DAYS))
    return datetime.combine(day, time(23, 59), tzinfo=timezone.utc)


def has_funded_project(film):
    return bool(db.session.scalar(select(func.count()).select_from(Project).where(
        Project.film_id == film.id, Project.status == "funded")))


def delete_draft(film):
    """Deletes a film nobody has seen, with its unfinished uploads; its stored media (source,
    renditions, poster) are removed by a job after the commit. False for a film once shown."""
    if film.status not in DELETABLE_STATUSES:
        return False
    for upload in db.session.scalars(select(UploadSession).where(UploadSession.film_id == film.id)).all():
        uploads.terminate(upload)
    # Its renditions' rows go with it (their files with the job); left to the ORM, the
    # `renditions` backref would set their film_id to NULL, which the column refuses.
    db.session.execute(delete(Rendition).where(Rendition.film_id == film.id))
    db.session.expire(film, ["renditions"])
    jobs.enqueue_after_commit(remove_film_media, film.id)
    db.session.delete(film)
    db.session.flush()
    return True


def remove_film_media(film_id):
    """Job: every stored object of a deleted film; nothing while the film still exists. Safe twice."""
    if db.session.get(Film, film_id) is not None:
        return
    store = storage.store()
    for prefix in (f"sources/{film_id}/", f"renditions/{film_id}/", f"posters/films/{film_id}/"):
        store.delete_prefix(prefix)


def films_of(owner):
    """The member's films; presentation videos of projects (kind "pitch") are shown with their project."""
    return db.session.scalars(select(Film).where(Film.owner_id == owner.id, Film.kind == "film")
                              .order_by(Film.created_at.desc())).all()


def projects_of(owner):
    return db.session.scalars(
        select(Project).where(Project.owner_id == owner.id).order_by(Project.created_at.desc())
    ).all()


# Our filmmaker guide promises an answer within 7 days of the submission.
ANSWER_WITHIN = timedelta(days=7)


def answer_due_by(submitted_at):
    """The date the team is promised an answer by; None before a submission."""
    return as_utc(submitted_at) + ANSWER_WITHIN if submitted_at else None


def submit_for_review(film):
    """A film with a playable video goes to the review queue; returns False if not ready."""
    if film.status not in ("draft", "rejected") or film.video_status != "ready" or film.kind != "film":
        return False
    film.status = "in_review"
    film.submitted_at = utcnow()  # the answer is due 7 days later (app.admin.review)
    db.session.flush()
    return True
