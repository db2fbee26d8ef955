"""Transcoding as a job: a film becomes playable only when its renditions exist.

Transcodes run on their own queue (`flask jobs worker --queue transcode`) with a timeout
that fits the film's length. No transaction is open while ffmpeg runs: the job commits what
it starts, writes its progress in short transactions, and swaps the new renditions in at the
end, in one. Until then the renditions a published film already had keep playing.
"""
import logging
import os
import secrets
import shutil
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.jobs import TRANSCODE, enqueue_after_commit
from app.media import posters, video
from app.studio.notices import notify_film_ready
from app.timeutil import utcnow
from app.watch import transcode
from app.watch.models import Rendition

log = logging.getLogger(__name__)
REPORT_EVERY_S = 5  # progress written at most this often while ffmpeg runs


class Superseded(Exception):
    """A newer video replaced the source being transcoded: this job's work is dropped."""


@dataclass
class Work:
    """What a job needs while ffmpeg runs, as plain values: no database object is touched."""

    film_id: int
    source_path: str
    duration_s: float
    frame_rate: float
    rungs: list  # keys of app.watch.transcode.LADDER, in encoding order
    progress: dict
    needs_poster: bool

    @property
    def folder(self):  # one folder per source, so the renditions that play are never overwritten
        key = os.path.splitext(os.path.basename(self.source_path))[0]
        return f"renditions/{self.film_id}/{key}"


def attach_source(film, path, move=False, queue=True):
    """Puts a video file in place as the film's source (copied, or moved, as an upload is), plans
    its transcoding and, unless `queue` is False, asks for it once the transaction commits.

    The file is probed once, here; VideoError (film untouched) if it is not a video we can use.
    Flushes."""
    info = video.inspect(path)
    relative = f"sources/{film.id}/{secrets.token_hex(8)}.source"
    destination = os.path.join(current_app.config["MEDIA_ROOT"], relative)
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    (shutil.move if move else shutil.copyfile)(path, destination)
    film.source_path = relative
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
    work = _begin(film_id)
    if work is None:
        return
    try:
        made, poster = _make_renditions(work)
    except Superseded:
        log.info("film %s: a newer video arrived; transcode of %s dropped", film_id, work.source_path)
        _remove_folder(work)
        return
    except (video.VideoError, OSError, ValueError) as error:
        db.session.rollback()
        _fail(work, error)
        _remove_folder(work)
        raise
    _put_in_place(work, made, poster)


def _begin(film_id):
    film = db.session.get(Film, film_id)
    if film is None or not film.source_path:
        return None
    progress = transcode.progress_of(film)
    if progress is None or progress["source"] != film.source_path:
        progress = transcode.new_progress(film.source_path, [])
    if progress["state"] == "ready" and film.video_status == "ready":
        return None
    try:
        info = video.inspect(os.path.join(current_app.config["MEDIA_ROOT"], film.source_path))
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
    work = Work(film.id, film.source_path, float(film.duration_s or 0), info.frame_rate,
                [r["rung"] for r in progress["renditions"]], film.transcode_progress, needs_poster=not film.poster_key)
    db.session.commit()  # nothing held while ffmpeg runs: the session gives its connection back
    return work


def _make_renditions(work):
    media = current_app.config["MEDIA_ROOT"]
    source = os.path.join(media, work.source_path)
    os.makedirs(os.path.join(media, work.folder), exist_ok=True)
    # The job's own timeout, for runs outside a worker (`flask watch transcode`); RQ's comes first.
    timeout = transcode.timeout_for(work.duration_s, len(work.rungs), current_app.config)
    made = {}
    for key in work.rungs:
        relative = f"{work.folder}/{key}.mp4"
        report = _Reporter(work, key)
        report("encoding", 0)
        rung = transcode.rung(key)
        video.encode(source, os.path.join(media, relative), rung, timeout=timeout,
                     on_progress=report.seconds_done, source_rate=work.frame_rate)
        out = video.probe(os.path.join(media, relative))
        made[key] = {"width": _width(out), "duration_s": float(out["format"]["duration"]),
                     "path": relative, "size_bytes": os.path.getsize(os.path.join(media, relative))}
        report("ready", 100)
    poster = video.poster_frame(source, work.duration_s) if work.needs_poster else None
    return made, poster


class _Reporter:
    """Writes one rendition's progress in a short transaction of its own, at most every few seconds."""

    def __init__(self, work, key):
        self.work, self.key, self.last = work, key, None

    def __call__(self, state, percent):
        self.work.progress = transcode.with_rendition(self.work.progress, self.key, state, percent)
        still_current = transcode.save(self.work.film_id, self.work.source_path, self.work.progress)
        db.session.commit()
        self.last = utcnow()
        if not still_current:
            raise Superseded()

    def seconds_done(self, seconds):
        if self.last is None or (utcnow() - self.last).total_seconds() >= REPORT_EVERY_S:
            self(state="encoding", percent=99 * seconds / self.work.duration_s if self.work.duration_s else 0)


def _put_in_place(work, made, poster):
    """One transaction: the new renditions replace the old ones, and the film is ready."""
    film = db.session.get(Film, work.film_id, with_for_update=True)
    if film is None or film.source_path != work.source_path:
        _remove_folder(work)
        return
    old = db.session.scalars(select(Rendition).where(Rendition.film_id == film.id)).all()
    replaced = [r.path for r in old if r.path not in {m["path"] for m in made.values()}]
    for rendition in old:
        db.session.delete(rendition)
    db.session.flush()  # the old rows go before the new ones take their (film, codec, height)
    for key, values in made.items():
        rung = transcode.rung(key)
        db.session.add(Rendition(film_id=film.id, height=rung.height, video_kbps=rung.video_kbps, codec=rung.codec,
                                 audio_kbps=rung.audio_kbps, fragmented=True, **values))
    if poster is not None and not film.poster_key:
        film.poster_key, film.poster_color = posters.store_poster("films", film.id, poster)
    film.video_status = "ready"
    film.transcode_progress = transcode.with_state(work.progress, "ready")
    notify_film_ready(film.id)
    db.session.commit()
    _remove_files(os.path.join(current_app.config["MEDIA_ROOT"], path) for path in replaced)
    log.info("film %s: %d renditions ready", work.film_id, len(made))


def _width(probed):
    stream = next((s for s in probed.get("streams", []) if s.get("codec_type") == "video"), {})
    return int(stream.get("width") or 0)


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
    """The renditions a job made for nothing (its source replaced, or one rendition failed)."""
    shutil.rmtree(os.path.join(current_app.config["MEDIA_ROOT"], work.folder), ignore_errors=True)


def _remove_files(paths):
    for path in paths:
        if os.path.exists(path):
            os.unlink(path)
