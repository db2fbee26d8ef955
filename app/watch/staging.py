"""A published film's new video waits for review: its renditions are made, then kept aside
(`Rendition.staged`) while the renditions viewers watch keep playing. An administrator
watches the staged ones in the review queue, then approves them (they replace the old ones in
one transaction) or sends them back (they are deleted). Each function flushes; stored files
of the renditions that go are removed by a job after the commit.
"""
import logging

from sqlalchemy import delete, select, update

from app import storage
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.timeutil import utcnow
from app.watch.models import Rendition

log = logging.getLogger(__name__)
REVIEWED_STATUSES = ("published", "withdrawn")  # films whose video was approved once


def needs_review(film):
    """A new video for a film that already plays an approved one goes to review."""
    if film.status not in REVIEWED_STATUSES:
        return False
    return db.session.scalar(select(Rendition.id).where(Rendition.film_id == film.id, Rendition.staged.is_(False))
                             .limit(1)) is not None


def put_aside(film, new_renditions):
    """The transcode's renditions become the staged ones (replacing staged ones from an earlier
    video) and the film joins the review queue, its answer due 7 days from now."""
    _drop(film, staged=True)
    for rendition in new_renditions:
        rendition.staged = True
        db.session.add(rendition)
    film.new_video_in_review = True
    film.submitted_at = utcnow()
    db.session.flush()


def staged_renditions(film):
    return db.session.scalars(select(Rendition).where(Rendition.film_id == film.id, Rendition.staged.is_(True))
                              .order_by(Rendition.height, Rendition.codec)).all()


def approve_staged(film):
    """The staged renditions replace the ones viewers watch, in this transaction."""
    _drop(film, staged=False)
    db.session.execute(update(Rendition).where(Rendition.film_id == film.id, Rendition.staged.is_(True))
                       .values(staged=False))
    film.new_video_in_review = False
    db.session.flush()
    db.session.expire(film, ["renditions"])
    log.info("film %s: new video approved", film.id)


def drop_staged(film):
    """The new video is sent back: its renditions go, the approved ones keep playing."""
    _drop(film, staged=True)
    film.new_video_in_review = False
    db.session.flush()


def _drop(film, staged):
    paths = db.session.scalars(delete(Rendition).where(Rendition.film_id == film.id, Rendition.staged.is_(staged))
                               .returning(Rendition.path)).all()
    db.session.flush()
    if paths:
        enqueue_after_commit(remove_files, film.id, sorted(paths))


def remove_files(film_id, paths):
    """Job: removes stored renditions no row names any more; safe to run twice."""
    named = set(db.session.scalars(select(Rendition.path).where(Rendition.film_id == film_id)))
    for path in paths:
        if path not in named:
            storage.store().delete(path)
    db.session.rollback()

