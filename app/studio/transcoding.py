"""What the filmmaker sees of a film's transcoding: each rendition queued, encoding or ready.

Read from what the transcode job leaves behind: a rendition is ready once its row exists;
while the film is processing, the first missing rung of the ladder is the one being
encoded (the job makes them in ladder order) and the others wait their turn. The job does
not report how far into a rung it is, so `percent` stays None until it does.
"""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.watch.models import Rendition
from app.watch.transcode import LADDER

RUNG_STATES = ("queued", "encoding", "ready")


@dataclass(frozen=True)
class RungState:
    height: int
    state: str  # one of RUNG_STATES
    percent: int | None = None

    @property
    def label(self):
        return f"{self.height}p"


def rendition_states(film):
    """One line per rung: the whole ladder while processing, the renditions made otherwise."""
    made = set(db.session.scalars(select(Rendition.height).where(Rendition.film_id == film.id)))
    if film.video_status != "processing":
        return [RungState(height, "ready") for height in sorted(made)]
    states, encoding = [], False
    for rung in LADDER:
        if rung.height in made:
            states.append(RungState(rung.height, "ready"))
        elif not encoding:
            states.append(RungState(rung.height, "encoding"))
            encoding = True
        else:
            states.append(RungState(rung.height, "queued"))
    return states


def progress_key(film, states):
    """A short text that changes whenever the fragment would: "draft.processing.144r.240e.360q.480q"."""
    parts = [f"{s.height}{s.state[0]}{'' if s.percent is None else s.percent}" for s in states]
    return ".".join([film.status, film.video_status, *parts])
