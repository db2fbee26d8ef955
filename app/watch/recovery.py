"""Transcodes whose job died: retried once, then marked failed, never "processing" for ever.

A job can die without a word: killed at its timeout, its worker stopped by a deploy or the
machine, its queue emptied with Redis. A running job writes its progress at least every few
seconds (app.watch.transcode), so a record untouched for STALE_AFTER tells: if it says
"encoding", its job is gone; if it says "queued", the job is gone only when the queue no longer
holds it (a film may wait hours behind a long one). `flask watch recover` runs the check; it is
safe to run twice, or while jobs run.
"""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import select

from app import jobs
from app.catalog.models import Film
from app.extensions import db
from app.timeutil import utcnow
from app.watch import transcode
from app.watch.encoding import remove_work_folder
from app.watch.jobs import job_id, queue_transcode, record_failure

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 2
WAITING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


@dataclass
class Report:
    retried: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def recover(now=None):
    """Retries (once) or fails every transcode whose job died; commits each film on its own."""
    now = now or utcnow()
    report = Report()
    films = db.session.scalars(select(Film).where(Film.source_path.is_not(None), Film.transcode_progress.is_not(None))
                               .order_by(Film.id)).all()
    for film in films:
        progress = transcode.progress_of(film)
        if not _is_dead(film, progress, now):
            continue
        remove_work_folder(film.id)  # what ffmpeg left, when the job died on this machine
        if progress.get("attempt", 1) < MAX_ATTEMPTS:
            queue_transcode(film, attempt=progress.get("attempt", 1) + 1)
            db.session.commit()
            report.retried.append(film.id)
        else:
            record_failure(film, progress, "its job died twice")
            report.failed.append(film.id)
    log.info("transcode recovery: %d retried, %d failed", len(report.retried), len(report.failed))
    return report


def _is_dead(film, progress, now):
    if progress["source"] != film.source_path or progress["state"] not in ("queued", "encoding"):
        return False
    if transcode.updated_at(progress) > now - STALE_AFTER:
        return False
    return progress["state"] == "encoding" or not _job_waiting(film.id)


def _job_waiting(film_id):
    """Whether the queue still holds the film's job; in the demo's in-process mode nobody can tell."""
    if current_app.config["JOBS_INLINE"]:
        return True
    try:
        return Job.fetch(job_id(film_id), connection=jobs.redis_connection()).get_status() in WAITING
    except NoSuchJobError:
        return False
    except RedisError:
        return True  # Redis unreachable: ask again next time rather than queue twice

