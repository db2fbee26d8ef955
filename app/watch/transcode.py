"""The two rendition ladders, and the record of a film's transcoding the studio shows.

Every rendition is a fragmented MP4 with a `sidx` index and a keyframe every 4 s, at the same
instants on every rung, so one file serves three ways: a plain `<video>` without JavaScript,
an offline copy, and the page's loader, which fetches 4-second fragments by Range and may
change rung between two of them.

- AV1 + Opus, for browsers that decode it (Chrome and Firefox on Android decode AV1 in
  software): the data-saver rung is 46 kbit/s of video and 16 kbit/s of mono Opus, under
  0.5 MB per minute; the standard rung 140 + 20 kbit/s, under 1.25 MB per minute.
- H.264 + AAC for the others, and for any file meant to leave the app: the ladder Karangou
  had before, now fragmented.
- Sound only (Opus, 16 kbit/s mono, 0.12 MB per minute), for listening on a tiny bundle.

Bitrates are capped as well as targeted (app.media.video): a viewer pays for the worst
second as much as for the average one. Measured figures: README, "Watching".

`films.transcode_progress` (JSON) is written here only, for the job and the recovery check,
and read by the studio through `progress_of`:

    {"source": "sources/12/3fa9c1d2e4b5a697.source",   # the source the record is about
     "state": "queued" | "encoding" | "ready" | "failed",
     "attempt": 1,                                     # 2 once a job that died was retried
     "updated_at": "2026-12-01T10:00:05+00:00",        # at least every 5 s while encoding
     "renditions": [{"rung": "av1-240", "height": 240,
                     "state": "queued" | "encoding" | "ready" | "failed",
                     "percent": 0}, ...]}              # in encoding order

`renditions` is empty until the source has been probed (a source given without its
figures). While a published film's new video is encoded, its previous renditions play on.
"""
import copy
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import update

from app.catalog.models import Film
from app.extensions import db
from app.timeutil import utcnow
from app.watch.models import AV1, H264, MIME, OPUS


CODEC_NAMES = {AV1: "AV1", H264: "H.264", OPUS: "Opus"}
AUDIO_HEIGHT = 0  # the height of the sound-only rung


@dataclass(frozen=True)
class Rung:
    codec: str
    height: int
    width: int
    video_kbps: int
    audio_kbps: int
    channels: int
    preset: int = 0  # SVT-AV1's speed (lower is slower and better); unused for H.264

    @property
    def key(self):
        return f"{self.codec}-{self.height}"

    @property
    def mime(self):
        return MIME[self.codec]

    @property
    def label(self):
        """What the studio calls it: "240p AV1", or "Son seul"."""
        return _("Sound only") if self.height == AUDIO_HEIGHT else f"{self.height}p {CODEC_NAMES[self.codec]}"


AV1_LADDER = (
    Rung(AV1, 240, 426, 46, 16, 1, preset=6),
    Rung(AV1, 360, 640, 140, 20, 1, preset=7),
    Rung(AV1, 480, 854, 300, 32, 2, preset=8),
)
H264_LADDER = (
    Rung(H264, 144, 256, 50, 24, 1),
    Rung(H264, 240, 426, 84, 32, 1),
    Rung(H264, 360, 640, 260, 48, 2),
    Rung(H264, 480, 854, 550, 64, 2),
)
AUDIO_RUNG = Rung(OPUS, AUDIO_HEIGHT, 0, 0, 16, 1)
# Encoding order: what most viewers get first (sound, then each height, AV1 before H.264).
LADDER = tuple(sorted((AUDIO_RUNG, *AV1_LADDER, *H264_LADDER), key=lambda r: (r.height, r.codec != AV1)))
DATA_SAVER_HEIGHT = 240
STATES = ("queued", "encoding", "ready", "failed")
UNKNOWN_LENGTH_S = 3 * 3600  # a source not probed yet is given the time of a long film


def rungs_for(source_height, has_audio=True):
    """The rungs at or below the source (never upscale), always the smallest of each ladder,
    and the sound-only rung when the source has sound."""
    chosen = []
    for ladder in (AV1_LADDER, H264_LADDER):
        chosen += [r for r in ladder if r.height <= source_height] or [ladder[0]]
    if has_audio:
        chosen.append(AUDIO_RUNG)
    return sorted(chosen, key=LADDER.index)


def rung(key):
    return next(r for r in LADDER if r.key == key)


def timeout_for(duration_s, renditions, config):
    """Seconds a transcode may take (RQ's job_timeout), from the film's length."""
    per_second = config["TRANSCODE_SECONDS_PER_SECOND"]
    return int((duration_s or UNKNOWN_LENGTH_S) * per_second * max(renditions, 1) + config["TRANSCODE_TIMEOUT_MARGIN"])


def new_progress(source, rungs, attempt=1):
    """A new run: `run` names the folder of its renditions, so a new encode of the same source never
    writes over the renditions being watched (a rendition's bytes never change: app.watch.video_links)."""
    return _stamped({"source": source, "state": "queued", "attempt": attempt, "run": secrets.token_hex(4),
                     "renditions": [{"rung": r.key, "height": r.height, "state": "queued", "percent": 0}
                                    for r in rungs]})


def planned(progress):
    """Whether the record already lists the renditions to make, by rung."""
    return bool(progress["renditions"]) and all("rung" in r for r in progress["renditions"])


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


def with_rendition(progress, key, state, percent):
    changed = copy.deepcopy(progress)
    for rendition in changed["renditions"]:
        if rendition["rung"] == key:
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
