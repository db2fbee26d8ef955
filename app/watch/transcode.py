"""The rendition ladder, and the record of a film's transcoding the studio shows.

The 240p rung is the data-saver default and must stay under 1 MB per minute: 84 kbit/s of
video and 32 kbit/s of mono audio make 116 kbit/s, 0.87 MB per minute before the
container's ~1 %; the cap (maxrate 1.2×, app.media.video) keeps hard scenes from going over.

`films.transcode_progress` (JSON) is written here only, for the job and the recovery check,
and read by the studio through `progress_of`:

    {"source": "sources/12/3fa9c1d2e4b5a697.source",   # the source the record is about
     "state": "queued" | "encoding" | "ready" | "failed",
     "attempt": 1,                                     # 2 once a job that died was retried
     "updated_at": "2026-12-01T10:00:05+00:00",        # at least every 5 s while encoding
     "renditions": [{"height": 144, "state": "queued" | "encoding" | "ready" | "failed",
                     "percent": 0}, ...]}              # in encoding order, smallest first

`renditions` is empty until the source has been probed (a source given without its
figures). While a published film's new video is encoded, its previous renditions play on.
"""
import copy
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update

from app.catalog.models import Film
from app.extensions import db
from app.timeutil import utcnow


@dataclass(frozen=True)
class Rung:
    height: int
    width: int
    video_kbps: int
    audio_kbps: int
    channels: int


LADDER = (
    Rung(144, 256, 50, 24, 1),
    Rung(240, 426, 84, 32, 1),
    Rung(360, 640, 260, 48, 2),
    Rung(480, 854, 550, 64, 2),
)
DATA_SAVER_HEIGHT = 240
STATES = ("queued", "encoding", "ready", "failed")
UNKNOWN_LENGTH_S = 3 * 3600  # a source not probed yet is given the time of a long film


def rungs_for(source_height):
    """The rungs at or below the source (never upscale), and always the smallest one."""
    chosen = [r for r in LADDER if r.height <= source_height]
    return chosen or [LADDER[0]]


def rung(height):
    return next(r for r in LADDER if r.height == height)


def timeout_for(duration_s, renditions, config):
    """Seconds a transcode may take (RQ's job_timeout), from the film's length."""
    per_second = config["TRANSCODE_SECONDS_PER_SECOND"]
    return int((duration_s or UNKNOWN_LENGTH_S) * per_second * max(renditions, 1) + config["TRANSCODE_TIMEOUT_MARGIN"])


def new_progress(source, heights, attempt=1):
    return _stamped({"source": source, "state": "queued", "attempt": attempt,
                     "renditions": [{"height": h, "state": "queued", "percent": 0} for h in heights]})


def progress_of(film):
    """The record above, or None for a film never given a source."""
    return film.transcode_progress or None


def updated_at(progress):
    return datetime.fromisoformat(progress["updated_at"])


def with_state(progress, state):
    """A copy with the whole transcode in `state`; a failure marks the rendition being made."""
    changed = copy.deepcopy(progress)
    changed["state"] = state
    for rendition in changed["renditions"]:
        if state == "failed" and rendition["state"] == "encoding":
            rendition["state"] = "failed"
        if state == "queued" and rendition["state"] != "ready":
            rendition.update(state="queued", percent=0)
    return _stamped(changed)


def with_rendition(progress, height, state, percent):
    changed = copy.deepcopy(progress)
    for rendition in changed["renditions"]:
        if rendition["height"] == height:
            rendition.update(state=state, percent=max(0, min(100, int(percent))))
    return _stamped(changed)


def save(film_id, source, progress):
    """Writes the record if the film still has that source; False when a newer video replaced it."""
    result = db.session.execute(update(Film).where(Film.id == film_id, Film.source_path == source)
                                .values(transcode_progress=progress).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _stamped(progress):
    progress["updated_at"] = utcnow().isoformat(timespec="seconds")
    return progress
