"""What a transcode does while ffmpeg runs (app.watch.jobs runs it): the job's own folder on
this machine, each rendition of the ladder encoded there and pushed to the store, and the
progress written as it goes. No database object is held: the job's plain values travel in `Work`.
"""
import os
import re
import shutil
import tempfile
from dataclasses import dataclass

from flask import current_app

from app import storage
from app.extensions import db
from app.media import video
from app.timeutil import utcnow
from app.watch import transcode

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
    def folder(self):  # one folder per source and run, so the renditions that play are never overwritten
        key = os.path.splitext(os.path.basename(self.source_path))[0]
        run = self.progress.get("run")
        return f"renditions/{self.film_id}/{key}-{run}" if run else f"renditions/{self.film_id}/{key}"


def fresh_work_folder(film_id):
    """This machine's folder for one film's encodes, emptied first: a job killed without a chance to
    clean up (its work horse lost) leaves ffmpeg's `.part.mp4` there, and the next try removes it."""
    remove_work_folder(film_id)
    folder = work_folder_of(film_id)
    os.makedirs(folder)
    return folder


def work_folder_of(film_id):
    """Per site (its queue's name: two sites on one machine each have their film 1) and per film."""
    site = re.sub(r"[^\w.-]", "_", current_app.config.get("RQ_QUEUE") or "karangou")
    return os.path.join(tempfile.gettempdir(), "karangou-transcode", site, str(film_id))


def remove_work_folder(film_id):
    shutil.rmtree(work_folder_of(film_id), ignore_errors=True)


def make_renditions(work, source, folder):
    """Encodes each rendition in `folder`, then pushes it to the store (the file is removed once
    stored: a long film's ladder never sits whole on the worker's disk)."""
    # The job's own timeout, for runs outside a worker (`flask watch transcode`); RQ's comes first.
    timeout = transcode.timeout_for(work.duration_s, len(work.rungs), current_app.config)
    made = {}
    for key in work.rungs:
        stored = f"{work.folder}/{key}.mp4"
        encoded = os.path.join(folder, f"{key}.mp4")
        report = _Reporter(work, key)
        report("encoding", 0)
        rung = transcode.rung(key)
        video.encode(source, encoded, rung, timeout=timeout, on_progress=report.seconds_done,
                     source_rate=work.frame_rate)
        out = video.probe(encoded)
        made[key] = {"width": _width(out), "duration_s": float(out["format"]["duration"]),
                     "path": stored, "size_bytes": os.path.getsize(encoded)}
        storage.store().put_file(stored, encoded, move=True)
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


def _width(probed):
    stream = next((s for s in probed.get("streams", []) if s.get("codec_type") == "video"), {})
    return int(stream.get("width") or 0)
