"""What the filmmaker sees of a film's transcoding: each rendition queued, encoding (with how
far it is) or ready.

Read from the record the transcode job keeps (`app.watch.transcode.progress_of`); a film
transcoded before that record existed shows the renditions it has, all ready.
"""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.watch import transcode
from app.watch.models import Rendition

RUNG_STATES = ("queued", "encoding", "ready", "failed")


@dataclass(frozen=True)
class RungState:
    key: str
    height: int
    state: str  # one of RUNG_STATES
    percent: int | None = None

    @property
    def label(self):
        return transcode.rung(self.key).label


def rendition_states(film):
    """One line per rendition the job makes or made, in its order."""
    progress = transcode.progress_of(film)
    if progress and progress["source"] == film.source_path and transcode.planned(progress):
        return [RungState(r["rung"], r["height"], r["state"], r["percent"] if r["state"] == "encoding" else None)
                for r in progress["renditions"]]
    made = db.session.execute(select(Rendition.codec, Rendition.height).where(Rendition.film_id == film.id)
                              .order_by(Rendition.height, Rendition.codec)).all()
    return [RungState(f"{codec}-{height}", height, "ready") for codec, height in made]


def progress_key(film, states):
    """A short text that changes whenever the fragment would: "draft.processing.av1-240r.h264-240e40…"."""
    parts = [f"{s.key}{s.state[0]}{'' if s.percent is None else s.percent}" for s in states]
    return ".".join([film.status, film.video_status, *parts])
