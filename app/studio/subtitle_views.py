"""A film's subtitles in the studio: upload (WebVTT or SRT, one file per language) and removal."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.pages import render
from app.studio.access import filmmaker_required, own_film_or_404
from app.studio.blueprint import bp
from app.watch import subtitles


def _page(film, status=200, error=None, language="fr"):
    return render("studio/film_subtitles.html", status=status, film=film, error=error, chosen_language=language,
                  languages=subtitles.LANGUAGES, tracks=subtitles.subtitles_of(film.id), label=subtitles.label)


@bp.route("/films/<int:film_id>/sous-titres", methods=["GET", "POST"])
@filmmaker_required
def film_subtitles(film_id):
    film = own_film_or_404(film_id)
    if request.method == "GET":
        return _page(film)
    typed = (request.form.get("code") or "").strip()[:16] or (request.form.get("language") or "")[:16]
    upload = request.files.get("file")
    try:
        if not upload or not upload.filename:
            raise subtitles.SubtitleError(_("Choose a subtitle file (.vtt or .srt)."))
        try:
            data = upload.read(subtitles.MAX_BYTES + 1)
        finally:
            upload.close()  # a large post is spooled to a temporary file: closed at once
        subtitle = subtitles.save_subtitle(film, typed, data)
    except subtitles.SubtitleError as error:
        db.session.rollback()
        return _page(film, 422, str(error), typed)
    db.session.commit()
    flash(_("Subtitles saved: %(language)s, %(kb)s KB.", language=subtitles.label(subtitle.language),
            kb=max(1, round(subtitle.size_bytes / 1024))))
    return redirect(url_for("studio.film_subtitles", film_id=film.id), 303)


@bp.post("/films/<int:film_id>/sous-titres/<int:subtitle_id>/supprimer")
@filmmaker_required
def delete_subtitles(film_id, subtitle_id):
    film = own_film_or_404(film_id)
    if subtitles.delete_subtitle(film, subtitle_id):
        db.session.commit()
        flash(_("Subtitles removed."))
    return redirect(url_for("studio.film_subtitles", film_id=film.id), 303)
