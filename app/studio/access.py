"""Who may use the studio, and which films are theirs."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.funding.models import Project


def filmmaker_required(view):
    """Members who make films (filmmakers, producers, admins); others get a 403."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.makes_films:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def own_film_or_404(film_id):
    """A film of the signed-in member; someone else's film is indistinguishable from none."""
    film = db.session.scalar(select(Film).where(Film.id == film_id, Film.owner_id == current_user.id))
    if film is None:
        abort(404)
    return film


def own_project_or_404(project_id):
    project = db.session.scalar(select(Project).where(Project.id == project_id, Project.owner_id == current_user.id))
    if project is None:
        abort(404)
    return project
