from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.extensions import csrf, db
from app.inputs import INT64_MAX, whole_number
from app.pages import render, wants_fragment
from app.creators import checks
from app.funding import lifecycle, news
from app.studio import films, pitch, projects, stats, transcoding, uploads
from app.studio.blueprint import bp
from app.studio.access import filmmaker_required, own_film_or_404, own_project_or_404
from app.studio.forms import FilmForm, with_choices
from app.studio.project_forms import ProjectForm
from app.studio.models import UploadSession



@bp.get("/")
@filmmaker_required
def dashboard():
    return render("studio/dashboard.html", films=films.films_of(current_user), projects=films.projects_of(current_user))


def _film_form():
    return with_choices(FilmForm())


@bp.route("/films/nouveau", methods=["GET", "POST"])
@filmmaker_required
def new_film():
    form = _film_form()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render("studio/film_form.html", form=form, status=422)
        film = films.create_film(current_user, form.data)
        db.session.commit()
        return redirect(url_for("studio.film", film_id=film.id), 303)
    return render("studio/film_form.html", form=form)


@bp.get("/films/<int:film_id>")
@filmmaker_required
def film(film_id):
    """The film's page; for htmx, only its transcoding (`_transcode.html`), 204 when unchanged."""
    film = own_film_or_404(film_id)
    rungs = transcoding.rendition_states(film)
    key = transcoding.progress_key(film, rungs)
    if wants_fragment():
        if request.args.get("etat") == key:
            response = make_response("", 204)
            response.vary.add("HX-Request")
            return response
        return render("studio/film.html", "studio/_transcode.html", film=film, rungs=rungs, progress_key=key,
                      due_by=films.answer_due_by)
    series = stats.views_per_day(film.id)
    return render("studio/film.html", "studio/_transcode.html", film=film, rungs=rungs, progress_key=key,
                  pending=uploads.pending_uploads(film, current_user), bars=stats.bar_chart(series),
                  views_30_days=sum(v for _, v in series),
                  completion=stats.average_completion(film.id, film.duration_s), due_by=films.answer_due_by,
                  pitch_of=pitch.projects_pitched_by(film))


def _project_form(project=None):
    form = ProjectForm(obj=project) if project is not None and request.method == "GET" else ProjectForm()
    form.film_id.choices = [SelectChoice("", "—")] + [SelectChoice(str(f.id), f.title) for f in films.films_of(current_user)]
    posted = request.form.get("film_id", "") if request.method == "POST" else ""
    if posted and posted not in {choice.value for choice in form.film_id.choices}:
        abort(404)  # only the team's own films may be linked, as every other ownership check answers
    if project is not None and request.method == "GET":
        form.budget.data = projects.budget_text(project)
        form.rewards.data = projects.rewards_text(project)
        form.ends_on.data = project.ends_at.date() if project.ends_at else None
    return form


@bp.route("/projets/nouveau", methods=["GET", "POST"], endpoint="new_project")
@bp.route("/projets/<int:project_id>/modifier", methods=["GET", "POST"])
@filmmaker_required
def edit_project(project_id=None):
    """Saving never needs a complete project; "submit" then checks everything is there."""
    project = own_project_or_404(project_id) if project_id else None
    if project is not None and not lifecycle.can_edit(project, current_user):
        return redirect(url_for("studio.project", project_id=project.id), 303)
    form = _project_form(project)
    if request.method == "GET":
        return render("studio/project_form.html", form=form, project=project)
    error = None
    if form.validate_on_submit():
        try:
            project = projects.save_draft(project, current_user, form.data)
            if request.form.get("action") == "submit":
                lifecycle.submit(project, current_user)
        except projects.ProjectFormError as problem:
            error = str(problem)
            db.session.rollback()
        except lifecycle.LifecycleError as problem:
            error = str(problem)
            db.session.commit()  # the draft is kept; only the submission waits
        else:
            db.session.commit()
            return redirect(url_for("studio.project", project_id=project.id), 303)
    return render("studio/project_form.html", form=form, project=project, error=error, status=422)


@bp.post("/projets/brouillon", endpoint="autosave_new_project")
@bp.post("/projets/<int:project_id>/brouillon")
@filmmaker_required
def autosave_project(project_id=None):
    """The form's autosave (static/js/autosave.js): keeps what can be read, 204; a new project's
    first save makes the draft and names its addresses in X-Draft-* headers."""
    project = own_project_or_404(project_id) if project_id else None
    if project is not None and not lifecycle.can_edit(project, current_user):
        return make_response(_("This project is in review: it cannot change now."), 409)
    form = _project_form(project)
    if not form.validate() and form.csrf_token.errors:
        return make_response(_("The page is too old: reload it."), 400)
    project = projects.save_readable_draft(project, current_user, form)
    db.session.commit()
    response = make_response("", 204)
    if project_id is None:
        response.headers.update({"X-Draft-Edit": url_for("studio.edit_project", project_id=project.id),
                                 "X-Draft-Save": url_for("studio.autosave_project", project_id=project.id),
                                 "X-Draft-Key": str(project.id)})
    return response


@bp.get("/projets/<int:project_id>")
@filmmaker_required
def project(project_id):
    project = own_project_or_404(project_id)
    series = stats.contributions_per_day(project.id)
    return render("studio/project.html", project=project, bars=stats.bar_chart(series),
                  total_30_days=sum(v for _, v in series), due_by=films.answer_due_by,
                  check=checks.check_of(current_user.id))


@bp.post("/projets/<int:project_id>/nouvelles")
@filmmaker_required
def post_news(project_id):
    project = own_project_or_404(project_id)
    title, body = request.form.get("title", "").strip(), request.form.get("body", "").strip()
    if project.status not in ("live", "funded", "not_funded") or not title or not body:
        flash(_("Give the news a title and a text."))
        flash(title[:200], "typed-title")
        flash(body[:5000], "typed-body")
    else:
        news.post_update(project, current_user, title, body)
        db.session.commit()
        flash(_("News posted; followers receive it by SMS."))
    return redirect(url_for("studio.project", project_id=project.id), 303)


@bp.get("/projets/<int:project_id>/contributeurs.csv")
@filmmaker_required
def contributors_csv(project_id):
    project = own_project_or_404(project_id)
    response = make_response(stats.contributors_csv(project.id))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = f'attachment; filename="contributeurs-{project.short_code}.csv"'
    return response


@bp.post("/films/<int:film_id>/soumettre")
@filmmaker_required
def submit_film(film_id):
    film = own_film_or_404(film_id)
    films.submit_for_review(film)
    db.session.commit()
    return redirect(url_for("studio.film", film_id=film.id), 303)


# --- resumable uploads (tus 1.0 core, creation, termination); see app/studio/uploads.py ------

def _tus(response, status=None):
    response.headers["Tus-Resumable"] = uploads.TUS_VERSION
    response.headers["Tus-Version"] = uploads.TUS_VERSION
    response.headers["Tus-Extension"] = uploads.TUS_EXTENSIONS
    if status:
        response.status_code = status
    return response


@bp.route("/films/<int:film_id>/televersements", methods=["OPTIONS"])
@filmmaker_required
def upload_options(film_id):
    own_film_or_404(film_id)
    return _tus(make_response("", 204))


@bp.post("/films/<int:film_id>/televersements")
@filmmaker_required
def create_upload(film_id):
    film = own_film_or_404(film_id)
    length = whole_number(request.headers.get("Upload-Length"), 0, INT64_MAX)
    if length is None:
        return _tus(make_response(_("Upload-Length must be a number of bytes."), 400))
    try:
        upload = uploads.start_upload(current_user, film, request.args.get("kind", "video"), length,
                                      request.args.get("name", ""))
    except uploads.UploadError as error:
        return _tus(make_response(str(error), error.status))
    db.session.commit()
    response = make_response("", 201)
    response.headers["Location"] = url_for("studio.upload", token=upload.token)
    return _tus(response)


def _own_upload(token, lock=False):
    query = select(UploadSession).where(UploadSession.token == token, UploadSession.owner_id == current_user.id)
    upload = db.session.scalar(query.with_for_update() if lock else query)
    if upload is None:
        abort(404)
    return upload


@bp.route("/televersements/<token>", methods=["HEAD"])
@filmmaker_required
def upload(token):
    upload = _own_upload(token)
    response = make_response("", 200)
    response.headers.update({"Upload-Offset": str(upload.received), "Upload-Length": str(upload.length),
                             "Upload-Status": upload.status})
    return _tus(response)


@bp.route("/televersements/<token>", methods=["PATCH"])
@filmmaker_required
@csrf.exempt  # checked below from the header, as a PATCH body is the file itself
def upload_chunk(token):
    csrf.protect()
    if request.headers.get("Content-Type") != "application/offset+octet-stream":
        return _tus(make_response(_("Send the file's bytes as application/offset+octet-stream."), 415))
    upload = _own_upload(token)  # locked by uploads.append once the chunk's bytes are here
    offset = whole_number(request.headers.get("Upload-Offset"), 0, INT64_MAX)
    if offset is None:
        return _tus(make_response(_("Upload-Offset must be a number of bytes."), 400))
    try:
        uploads.append(upload, offset, request.stream, request.content_length)
    except uploads.UploadError as error:
        db.session.rollback()
        return _tus(make_response(str(error), error.status))
    db.session.commit()
    if upload.status == "rejected":  # every byte arrived, but the file cannot be used: say why
        response = make_response(uploads.rejection_message(upload), 422)
    else:
        response = make_response("", 204)
    response.headers["Upload-Offset"] = str(upload.received)
    response.headers["Upload-Status"] = upload.status
    return _tus(response)


@bp.route("/televersements/<token>", methods=["DELETE"])
@filmmaker_required
def terminate_upload(token):
    uploads.terminate(_own_upload(token, lock=True))
    db.session.commit()
    return _tus(make_response("", 204))
