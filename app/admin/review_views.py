"""Back-office pages: review queue, featured films, members, comments, audit log."""
from flask import abort, flash, make_response, redirect, request, url_for
from flask_login import current_user

from app.accounts.models import ROLES, Comment, User
from app.admin import audit, review
from app.admin.blueprint import bp
from app.catalog.models import Film
from app.extensions import db
from app.funding.models import Project
from app.pages import render


def _get_or_404(model, object_id):
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def _decide(action, target):
    """Runs one decision, commits it with its audit entry, and says what went wrong if it failed."""
    try:
        action()
    except review.ReviewError as error:
        db.session.rollback()
        flash(str(error))
        return redirect(target, 303)
    db.session.commit()
    return redirect(target, 303)


@bp.get("/")
def home():
    projects, films = review.queue()
    return render("admin/home.html", projects=projects, films=films)


def _review(decide, target):
    approve = request.form.get("decision") == "approve"
    comment = request.form.get("comment", "")
    return _decide(lambda: decide(current_user, target, approve, comment), url_for("admin.home"))


@bp.post("/projets/<int:project_id>/decision")
def decide_project(project_id):
    return _review(review.decide_project, _get_or_404(Project, project_id))


@bp.post("/films/<int:film_id>/decision")
def decide_film(film_id):
    return _review(review.decide_film, _get_or_404(Film, film_id))


@bp.post("/films/<int:film_id>/une")
def feature_film(film_id):
    film = _get_or_404(Film, film_id)
    featured = request.form.get("featured") == "1"
    return _decide(lambda: review.set_featured(current_user, film, featured), url_for("admin.films"))


@bp.get("/films")
def films():
    return render("admin/films.html", films=review.published_films())


@bp.get("/membres")
def users():
    term = request.args.get("q", "")[:40]
    return render("admin/users.html", users=review.find_users(term), q=term, roles=[r for r in ROLES if r != "admin"])


@bp.post("/membres/<int:user_id>")
def change_user(user_id):
    user = _get_or_404(User, user_id)
    if "role" in request.form:
        action = lambda: review.set_role(current_user, user, request.form["role"])  # noqa: E731
    else:
        action = lambda: review.set_disabled(current_user, user, request.form.get("disabled") == "1")  # noqa: E731
    return _decide(action, url_for("admin.users"))


@bp.get("/commentaires")
def comments():
    return render("admin/comments.html", comments=review.reported_comments())


@bp.post("/commentaires/<int:comment_id>")
def moderate_comment(comment_id):
    comment = _get_or_404(Comment, comment_id)
    hidden = request.form.get("hidden") == "1"
    return _decide(lambda: review.set_comment_hidden(current_user, comment, hidden), url_for("admin.comments"))


@bp.get("/journal")
def audit_log():
    entries = audit.latest()
    if request.args.get("format") == "csv":
        response = make_response(audit.as_csv(entries))
        response.mimetype = "text/csv"
        response.headers["Content-Disposition"] = 'attachment; filename="journal-admin.csv"'
        return response
    return render("admin/audit.html", entries=entries)
