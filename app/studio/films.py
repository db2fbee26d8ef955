"""Films a filmmaker creates in the studio: a draft until its video is ready and reviewed."""
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.catalog import search
from app.catalog.models import Film, Genre
from app.extensions import db
from app.funding.models import Project


def slug_for(title):
    base = re.sub(r"[^a-z0-9]+", "-", search.fold(title)).strip("-")[:100] or "film"
    slug, n = base, 1
    while db.session.scalar(select(func.count()).select_from(Film).where(Film.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_film(owner, data):
    """A new draft; two films of the same title created at once get two addresses. Flushes."""
    film = Film(slug=slug_for(data["title"]), title=data["title"].strip(), synopsis=data["synopsis"].strip(),
                year=data["year"], country_code=data["country"], language=data.get("language") or None,
                owner_id=owner.id, status="draft")
    film.genres = db.session.scalars(select(Genre).where(Genre.slug.in_(data.get("genres") or []))).all()
    try:
        with db.session.begin_nested():
            db.session.add(film)
    except IntegrityError:  # another request took this slug between our look and our insert
        film.slug = f"{film.slug[:92]}-{secrets.token_hex(3)}"
        db.session.add(film)
        db.session.flush()
    film.search_text = search.search_text_for(film)
    return film


def films_of(owner):
    """The member's films; presentation videos of projects (kind "pitch") are shown with their project."""
    return db.session.scalars(select(Film).where(Film.owner_id == owner.id, Film.kind == "film")
                              .order_by(Film.created_at.desc())).all()


def projects_of(owner):
    return db.session.scalars(
        select(Project).where(Project.owner_id == owner.id).order_by(Project.created_at.desc())
    ).all()


def submit_for_review(film):
    """A film with a playable video goes to the review queue; returns False if not ready."""
    if film.status not in ("draft", "rejected") or film.video_status != "ready" or film.kind != "film":
        return False
    film.status = "in_review"
    db.session.flush()
    return True
