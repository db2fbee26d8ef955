"""Back-office pages: review queue (each decision confirmed), featured films, members, comments,
audit log."""
from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import ROLES, Comment, User
from app.admin import audit, labels, previews, review, takedown
from app.admin.blueprint import bp
from app.catalog.models import Film
from app.extensions import db
from app.funding.models import Project
from app.pages import render
from app.watch import staging


def get_or_404(model, object_id):
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
    return render("admin/home.html", projects=projects, films=films, due_by=review.answer_due_by,
                  overdue=review.is_overdue, preview=previews.preview)


_BACK = ("/admin/", "/admin/retraits", "/admin/membres", "/admin/createurs", "/admin/discussions")


def confirm_step(decide, target, kind, action, text_field="comment"):
    """Every decision is asked twice: the first POST shows what it will do (a page, no script
    needed), the second, with `confirmed=1`, does it. A refused decision comes back with its
    reason and what was typed (422)."""
    text = request.form.get(text_field, "")[:2000]
    back = request.form.get("next") if request.form.get("next") in _BACK else url_for("admin.home")
    error = None
    if request.form.get("confirmed") == "1":
        try:
            decide()
        except review.ReviewError as problem:
            db.session.rollback()
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Done: %(what)s.", what=labels.ACTION_LABELS.get(f"{kind}.{action}", action)))
            return redirect(back, 303)
    return render("admin/confirm.html", target=target, kind=kind, action=action, text=text, text_field=text_field,
                  error=error, consequence=labels.CONSEQUENCES.get(f"{kind}.{action}", ""), back=back,
                  form=request.form, status=422 if error else 200)


def _decision():
    decision = request.form.get("decision", "")
    return decision if decision in review.DECISIONS else None


def _no_decision():
    flash(_("Choose a decision."))
    return redirect(url_for("admin.home"), 303)


@bp.post("/projets/<int:project_id>/decision")
def decide_project(project_id):
    project = get_or_404(Project, project_id)
    decision, comment = _decision(), request.form.get("comment", "")
    if decision is None:
        return _no_decision()
    return confirm_step(lambda: review.decide_project(current_user, project, decision, comment), project, "project",
                        decision)


@bp.post("/films/<int:film_id>/decision")
def decide_film(film_id):
    film = get_or_404(Film, film_id)
    decision, comment = _decision(), request.form.get("comment", "")
    if decision is None:
        return _no_decision()
    action = decision
    if film.new_video_in_review and film.status in staging.REVIEWED_STATUSES:
        action = "approve_video" if decision == "approve" else "send_back_video"
    return confirm_step(lambda: review.decide_film(current_user, film, decision, comment), film, "film", action)


@bp.post("/films/<int:film_id>/une")
def feature_film(film_id):
    film = get_or_404(Film, film_id)
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
    user = get_or_404(User, user_id)
    if "role" in request.form:
        return _decide(lambda: review.set_role(current_user, user, request.form["role"]), url_for("admin.users"))
    disabled = request.form.get("disabled") == "1"
    return confirm_step(lambda: takedown.set_disabled(current_user, user, disabled), user, "user",
                        "disable" if disabled else "enable")


@bp.get("/commentaires")
def comments():
    return render("admin/comments.html", comments=review.reported_comments())


@bp.post("/commentaires/<int:comment_id>")
def moderate_comment(comment_id):
    comment = get_or_404(Comment, comment_id)
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
