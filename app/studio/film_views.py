"""A film's details, its credits and its deletion, in the studio."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import format_decimal, ngettext

from app.catalog.models import CREDIT_ROLES
from app.extensions import db
from app.pages import render
from app.studio import credits, films
from app.studio.access import filmmaker_required, own_film_or_404
from app.studio.blueprint import bp
from app.studio.forms import FilmEditForm, with_choices
from app.studio.quota import POSTER_MAX_BYTES
from app.watch import early


def _edit_form(film):
    if request.method == "GET":
        form = with_choices(FilmEditForm(obj=film))
        form.country.data = film.country_code
        form.genres.data = [g.slug for g in film.genres]
        form.backers_until.data = film.backers_until.date() if film.backers_until else None
        return form
    return with_choices(FilmEditForm())


@bp.route("/films/<int:film_id>/modifier", methods=["GET", "POST"])
@filmmaker_required
def edit_film(film_id):
    film = own_film_or_404(film_id)
    form = _edit_form(film)
    context = {"film": film, "form": form, "may_delete": film.status in films.DELETABLE_STATUSES,
               "has_funded_project": films.has_funded_project(film)}
    if request.method == "GET":
        return render("studio/film_edit.html", **context)
    if not form.validate_on_submit():
        return render("studio/film_edit.html", status=422, **context)
    upload = request.files.get("poster")
    poster = upload.read(POSTER_MAX_BYTES + 1) if upload and upload.filename else None
    try:
        if poster is not None and len(poster) > POSTER_MAX_BYTES:
            raise films.FilmFormError(_("This image is too large: %(mb)s MB at most.", mb=POSTER_MAX_BYTES // 10**6))
        films.update_film(film, form.data, poster)
    except films.FilmFormError as error:
        db.session.rollback()
        return render("studio/film_edit.html", status=422, error=str(error), **context)
    db.session.commit()
    flash(_("Film saved."))
    return redirect(url_for("studio.film", film_id=film.id), 303)


@bp.post("/films/<int:film_id>/supprimer")
@filmmaker_required
def delete_film(film_id):
    film = own_film_or_404(film_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that the draft and its files are deleted."))
        return redirect(url_for("studio.edit_film", film_id=film.id), 303)
    if not films.delete_draft(film):
        flash(_("A film that was sent for review or published cannot be deleted."))
        return redirect(url_for("studio.edit_film", film_id=film.id), 303)
    db.session.commit()
    flash(_("Draft deleted."))
    return redirect(url_for("studio.dashboard"), 303)


@bp.route("/films/<int:film_id>/generique", methods=["GET", "POST"])
@filmmaker_required
def film_credits(film_id):
    film = own_film_or_404(film_id)
    if request.method == "GET":
        return render("studio/film_credits.html", film=film, rows=credits.rows_of(film), roles=CREDIT_ROLES)
    rows = credits.rows_from(request.form)
    try:
        credits.save_credits(film, rows)
    except credits.CreditError as error:
        db.session.rollback()
        return render("studio/film_credits.html", status=422, film=film, rows=rows, roles=CREDIT_ROLES,
                      error=str(error))
    db.session.commit()
    flash(_("Credits saved."))
    return redirect(url_for("studio.film", film_id=film.id), 303)


@bp.post("/films/<int:film_id>/prevenir-les-contributeurs")
@filmmaker_required
def tell_backers(film_id):
    film = own_film_or_404(film_id)
    told = early.tell_backers(film)
    db.session.commit()
    flash(ngettext("%(count)s backer will receive an SMS.", "%(count)s backers will receive an SMS.", told, count=format_decimal(told))
          if told else _("Every backer has already been told."))
    return redirect(url_for("studio.film", film_id=film.id), 303)
