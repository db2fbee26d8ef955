"""Files nobody will use again: uploads left unfinished for a day, and replaced sources.

A phone that gave up leaves its session and its chunks (`uploads/<token>/<offset>` in the
store, app.studio.chunks) behind; a new video for a film leaves the previous source under
`sources/<film id>/` in the store (app.storage); a web request killed on the way may leave
its working file in this node's `<media root>/incoming/`. Run hourly (the
`clean_up` job or `flask studio cleanup`); safe to run twice, or while uploads go on: a
file is only removed once it has not been written to for an hour, so a source being put in
place by an upload that has not committed yet is never taken.
"""
import logging
import os
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app import storage
from app.catalog.models import Film
from app.extensions import db
from app.studio import chunks, uploads
from app.studio.models import UploadSession
from app.timeutil import utcnow

log = logging.getLogger(__name__)
IDLE = timedelta(days=1)
QUIET_SECONDS = 3600  # a file written to more recently than this is left alone


@dataclass
class Report:
    uploads: int = 0
    files: int = 0
    bytes: int = 0


def clean_up():
    """Job: removes idle uploads with their sessions and chunks, then what no session or film holds."""
    report = Report()
    idle = db.session.scalars(select(UploadSession).where(UploadSession.status == "receiving",
                                                          UploadSession.updated_at < utcnow() - IDLE)).all()
    for upload in idle:
        report.bytes += upload.received
        uploads.terminate(upload)
        report.uploads += 1
    db.session.commit()
    store = storage.store()
    for entry in [*_unused_chunks(store), *_unused_sources(store)]:
        report.bytes += entry.size
        store.delete(entry.key)
        report.files += 1
    for path in _unused_working_files():
        report.bytes += _size(path)
        os.unlink(path)
        report.files += 1
    log.info("cleanup: %d idle upload(s), %d unused file(s), %d bytes freed", report.uploads, report.files,
             report.bytes)
    return report


def _unused_chunks(store):
    """Stored chunks (or any object under `uploads/`) of no unfinished session."""
    receiving = set(db.session.scalars(select(UploadSession.token).where(UploadSession.status == "receiving")))
    quiet_since = time.time() - QUIET_SECONDS
    for entry in list(store.list("uploads/")):
        if entry.key.split("/")[1] not in receiving and entry.modified <= quiet_since:
            yield entry


def _unused_working_files():
    """This node's working files (a chunk being received, an upload being joined) left by a
    request that was killed: no request takes an hour."""
    folder = storage.scratch_folder(chunks.SCRATCH)
    quiet_since = time.time() - QUIET_SECONDS
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.path.getmtime(path) <= quiet_since:
            yield path


def _unused_sources(store):
    """Stored sources that no film holds (replaced by a newer video)."""
    sources = set(db.session.scalars(select(Film.source_path).where(Film.source_path.is_not(None))))
    quiet_since = time.time() - QUIET_SECONDS
    for entry in list(store.list("sources/")):
        if entry.key not in sources and entry.modified <= quiet_since:
            yield entry


def _size(path):
    return os.path.getsize(path) if os.path.exists(path) else 0
