"""A project's presentation video (1–2 minutes, as our filmmaker guide asks).

It is a film row of kind "pitch", owned by the filmmaker and named by `Project.pitch_film_id`:
the film's resumable upload, quota, probing, transcoding ladder, progress and signed streaming
all apply to it unchanged. A pitch is never submitted, reviewed or published, so no catalogue
list, search or review queue sees it (they all ask for published or in-review films); its
renditions stream while its project is public (app.watch.streaming).
"""
from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.funding.models import Project
from app.studio import films
from app.timeutil import utcnow
from app.watch import player

LONGEST_S = 150  # 2 minutes and a margin: longer ones are shown to the filmmaker as too long


def pitch_film_for(project):
    """The project's pitch film, made on first use. Flushes."""
    if project.pitch_film is not None:
        return project.pitch_film
    title = f"Pitch — {project.title}"[:200]
    film = Film(slug=films.slug_for(f"pitch {project.short_code}"), title=title, kind="pitch", status="draft",
                year=utcnow().year, country_code=project.film.country_code if project.film else "TG",
                owner_id=project.owner_id)
    db.session.add(film)
    db.session.flush()
    project.pitch_film = film
    db.session.flush()
    return film


def pitch_video(project):
    """What the project page shows before play (app.watch.player.in_place)."""
    return player.in_place(project.pitch_film)


def projects_pitched_by(film):
    """The project(s) a pitch film presents; none for a film."""
    if film.kind != "pitch":
        return []
    return db.session.scalars(select(Project).where(Project.pitch_film_id == film.id)).all()
