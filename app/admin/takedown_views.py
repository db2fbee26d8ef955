"""Back-office take-downs: suspend, cancel or reinstate a live project; withdraw or reinstate a
published film. Each asks for confirmation first (review_views.confirm_step)."""
from flask import abort, request
from flask_login import current_user

from app.admin import takedown
from app.admin.blueprint import bp
from app.admin.review_views import get_or_404, confirm_step
from app.catalog.models import Film
from app.funding.models import Project
from app.pages import render


@bp.get("/retraits")
def takedowns():
    projects, films = takedown.taken_down_and_live()
    return render("admin/takedowns.html", projects=projects, films=films)


@bp.post("/projets/<int:project_id>/retrait")
def take_down_project(project_id):
    project = get_or_404(Project, project_id)
    action, reason = request.form.get("action", ""), request.form.get("reason", "")
    if action not in takedown.PROJECT_ACTIONS:
        abort(400)
    return confirm_step(lambda: takedown.take_down_project(current_user, project, action, reason), project,
                        "project", action, text_field="reason")


@bp.post("/films/<int:film_id>/retrait")
def take_down_film(film_id):
    film = get_or_404(Film, film_id)
    action, reason = request.form.get("action", ""), request.form.get("reason", "")
    if action not in takedown.FILM_ACTIONS:
        abort(400)
    return confirm_step(lambda: takedown.take_down_film(current_user, film, action, reason), film, "film", action,
                        text_field="reason")
