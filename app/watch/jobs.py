"""Transcoding as a job: a film becomes playable only when its renditions exist.

Transcodes run on their own queue (`flask jobs worker --queue transcode`) with a timeout
that fits the film's length. A job pulls the source from the store (app.storage) into a
folder of its own, encodes there and pushes each rendition back: the worker shares no disk
with the web nodes. No transaction is open while ffmpeg runs: the job commits what
it starts, writes its progress in short transactions, and swaps the new renditions in at the
end, in one. Until then the renditions a published film already had keep playing, and a
published film's new video waits for review once made (app.watch.staging).
"""
import logging
import secrets

from flask import current_app
from sqlalchemy import select

from app import storage
from app.catalog.models import Film
from app.extensions import db
from app.jobs import TRANSCODE, enqueue_after_commit
from app.media import posters, video
from app.studio.notices import notify_film_ready
from app.watch import encoding, staging, transcode
from app.watch.models import Rendition

log = logging.getLogger(__name__)


def attach_source(film, path, move=False, queue=True):
    """Puts a local video file in the store as the film's source (copied, or moved, as an upload
    is), plans its transcoding and, unless `queue` is False, asks for it once the transaction
    commits.

    The file is probed once, here; VideoError (film untouched) if it is not a video we can use.
    Flushes."""
    info = video.inspect(path)
    key = f"sources/{film.id}/{secrets.token_hex(8)}.source"
    storage.store().put_file(key, path, move=move)
    film.source_path = key
    film.duration_s = int(round(info.duration_s))
    rungs = transcode.rungs_for(info.height, info.has_audio)
    _plan(film, rungs)
    if queue:
        _enqueue(film, len(rungs))


def queue_transcode(film, attempt=1):
    """Asks for the transcoding of the film's current source once the transaction commits; the
    job probes a source that was not probed yet. Flushes."""
    progress = transcode.progress_of(film)
    if progress and progress["source"] == film.source_path and attempt > 1:
        film.transcode_progress = transcode.with_state({**progress, "attempt": attempt}, "queued")
    else:
        _plan(film, [])
    db.session.flush()
    _enqueue(film, len(film.transcode_progress["renditions"]) or len(transcode.LADDER))


def job_id(film_id):
    return f"transcode-film-{film_id}"


def _plan(film, rungs):
    film.transcode_progress = transcode.new_progress(film.source_path, rungs)
    if film.video_status != "ready":  # a published film keeps playing its renditions meanwhile
        film.video_status = "processing"
    db.session.flush()


def _enqueue(film, renditions):
    timeout = transcode.timeout_for(film.duration_s, renditions, current_app.config)
    enqueue_after_commit(transcode_film, film.id, on=TRANSCODE, timeout=timeout, job_id=job_id(film.id))


def transcode_film(film_id):
    """Job: makes every planned rendition of the film's current source, then puts them all in
    place at once. Safe to run twice: a source already transcoded is left alone.

    A source that cannot be transcoded fails visibly (the record says "failed"; a film with
    nothing to play yet gets video_status "failed"); `flask watch transcode SLUG` tries again.
    A job killed on the way (timeout, lost worker) is found by `app.watch.recovery`."""
    source_key = _source_to_transcode(film_id)
    if source_key is None:
        return
    folder = encoding.fresh_work_folder(film_id)
    try:
        with storage.store().local_copy(source_key) as source:
            work = _begin(film_id, source)
            if work is None:
                return
            try:
                made, poster = encoding.make_renditions(work, source, folder)
            except encoding.Superseded:
                log.info("film %s: a newer video arrived; transcode of %s dropped", film_id, work.source_path)
                _remove_folder(work)
                return
            except (video.VideoError, OSError, ValueError) as error:
                db.session.rollback()
                _fail(work, error)
                _remove_folder(work)
                raise
    except storage.MissingKey as error:  # the source is gone from the store: nothing to encode, ever
        _fail_without_source(film_id, source_key, error)
        raise
    finally:
        encoding.remove_work_folder(film_id)
    _put_in_place(work, made, poster)


def _fail_without_source(film_id, source_key, error):
    db.session.rollback()
    film = db.session.get(Film, film_id)
    if film is not None and film.source_path == source_key:
        record_failure(film, transcode.progress_of(film) or transcode.new_progress(source_key, []), error)


def _source_to_transcode(film_id):
    """The key of the film's source when it still needs its renditions; ends the transaction, so
    none is held while the source is fetched."""
    film = db.session.get(Film, film_id)
    progress = transcode.progress_of(film) if film is not None else None
    done = (film is None or not film.source_path or (film.video_status == "ready" and progress is not None
                                                     and progress["source"] == film.source_path
                                                     and progress["state"] == "ready"))
    source_key = None if done else film.source_path
    db.session.rollback()
    return source_key


def _begin(film_id, source):
    film = db.session.get(Film, film_id)
    if film is None or not film.source_path:
        return None
    progress = transcode.progress_of(film)
    if progress is None or progress["source"] != film.source_path:
        progress = transcode.new_progress(film.source_path, [])
    if progress["state"] == "ready" and film.video_status == "ready":
        return None
    try:
        info = video.inspect(source)
    except video.VideoError as error:
        record_failure(film, progress, error)
        raise
    if not transcode.planned(progress):  # not probed yet, or planned before the two ladders
        film.duration_s = int(round(info.duration_s))
        progress = transcode.new_progress(film.source_path, transcode.rungs_for(info.height, info.has_audio),
                                          progress["attempt"])
    film.transcode_progress = transcode.with_state(progress, "encoding")
    if film.video_status != "ready":
        film.video_status = "processing"
    work = encoding.Work(film.id, film.source_path, float(film.duration_s or 0), info.frame_rate,
                [r["rung"] for r in progress["renditions"]], film.transcode_progress, needs_poster=not film.poster_key)
    db.session.commit()  # nothing held while ffmpeg runs: the session gives its connection back
    return work


def _put_in_place(work, made, poster):
    """One transaction: the new renditions replace the old ones, and the film is ready."""
    film = db.session.get(Film, work.film_id, with_for_update=True)
    if film is None or film.source_path != work.source_path:
        _remove_folder(work)
        return
    new = [_rendition(film.id, transcode.rung(key), values) for key, values in made.items()]
    replaced = []
    if staging.needs_review(film):  # a published film's new video: the old one plays until approved
        staging.put_aside(film, new)
    else:
        old = db.session.scalars(select(Rendition).where(Rendition.film_id == film.id)).all()
        replaced = [r.path for r in old if r.path not in {m["path"] for m in made.values()}]
        for rendition in old:
            db.session.delete(rendition)
        db.session.flush()  # the old rows go before the new ones take their (film, codec, height)
        db.session.add_all(new)
    if poster is not None and not film.poster_key:
        film.poster_key, film.poster_color = posters.store_poster("films", film.id, poster)
    film.video_status = "ready"
    film.transcode_progress = transcode.with_state(work.progress, "ready")
    notify_film_ready(film.id)
    db.session.commit()
    for key in replaced:
        storage.store().delete(key)
    log.info("film %s: %d renditions ready", work.film_id, len(made))


def _rendition(film_id, rung, values):
    return Rendition(film_id=film_id, height=rung.height, video_kbps=rung.video_kbps, codec=rung.codec,
                     audio_kbps=rung.audio_kbps, fragmented=True, **values)


def _fail(work, error):
    film = db.session.get(Film, work.film_id)
    if film is not None and film.source_path == work.source_path:
        record_failure(film, work.progress, error)


def record_failure(film, progress, error):
    """Records the failure; a film that already plays something keeps playing it."""
    film.transcode_progress = transcode.with_state(progress, "failed")
    has_renditions = db.session.scalar(select(Rendition.id).where(Rendition.film_id == film.id).limit(1))
    if not has_renditions:
        film.video_status = "failed"
    db.session.commit()
    log.warning("film %s: transcoding failed: %s", film.id, error)


def _remove_folder(work):
    """The renditions a job stored for nothing (its source replaced, or one rendition failed)."""
    storage.store().delete_prefix(f"{work.folder}/")
