import logging
import os

from flask import Blueprint, abort, current_app, make_response, redirect, request, send_file, url_for
from flask_login import current_user

from app import data_saver, storage
from app.catalog import queries as catalog_queries
from app.extensions import db
from app.http import never_store
from app.i18n import safe_next
from app.inputs import whole_number
from app.pages import render
from app.watch import early, player, progress, streaming, subtitles, video_links
from app.watch.models import Subtitle

bp = Blueprint("watch", __name__)
log = logging.getLogger(__name__)
ONE_YEAR = 365 * 24 * 3600


def _viewer_key(response=None):
    key = progress.viewer_key(current_user, request.cookies)
    if key is None and response is not None:
        key = progress.new_visitor_key()
        response.set_cookie(progress.VISITOR_COOKIE, key, max_age=ONE_YEAR, httponly=True, samesite="Lax")
    return key


@bp.get("/films/<slug>/regarder")
def watch(slug):
    film = catalog_queries.film_or_404(slug)
    renditions = film.renditions
    if film.video_status != "ready" or not renditions:
        abort(404)
    if not early.may_watch(film, current_user):
        return never_store(render("watch/early.html", status=403, film=film))
    mode = data_saver.current()
    grouped = player.qualities(renditions)
    wanted = request.args.get("q", "")
    chosen = wanted if wanted in grouped else player.default_quality(grouped, mode)
    options = player.choices(grouped, mode, chosen)
    needs_confirmation = any(o["current"] and o["warn"] for o in options) and request.args.get("confirmer") != "1"
    viewing = progress.position_of(progress.viewer_key(current_user, request.cookies), film.id)
    position = viewing.position_s if viewing and not viewing.completed else 0  # a finished film starts over
    response = render("watch/player.html", film=film, options=options, chosen=chosen, mode=mode,
                      needs_confirmation=needs_confirmation, position=position,
                      picture=next((r for r in grouped[chosen] if not r.audio_only), None), ladder=player.ladder(grouped, mode, chosen, position, film.duration_s),
                      tracks=player.tracks(film, subtitles.subtitles_of(film.id)))
    _viewer_key(response)
    return never_store(response)  # holds signed links and a personal position


@bp.get("/films/<slug>/sous-titres/<int:subtitle_id>.vtt")
def subtitle_file(slug, subtitle_id):
    """A track's WebVTT; its id changes with every upload, so it is cached for a year."""
    film = catalog_queries.film_or_404(slug)
    subtitle = db.session.get(Subtitle, subtitle_id)
    if subtitle is None or subtitle.film_id != film.id:
        abort(404)
    if not early.may_watch(film, current_user):
        abort(403)
    try:
        data = storage.store().read(subtitle.key)
    except storage.MissingKey:
        log.error("subtitles %s of film %s: object missing (%s)", subtitle.id, film.id, subtitle.key)
        abort(404)
    response = make_response(data)
    response.headers["Content-Type"] = "text/vtt; charset=utf-8"
    response.headers["Cache-Control"] = ("private, max-age=3600" if film.in_early_screening
                                         else "public, max-age=31536000, immutable")
    return response


@bp.app_template_global()
def subtitle_label(language):
    return subtitles.label(language)


@bp.app_template_global("subtitle_languages")
def subtitle_languages():
    return subtitles.LANGUAGES


@bp.get("/v/<int:film_id>/<int:rendition_id>/<name>")
def stream(film_id, rendition_id, name):
    """The video bytes, with Range support (206/416) so a broken download resumes; the link's
    query is its permission (app.watch.video_links)."""
    try:
        video_links.check(request.script_root + request.path, request.args.get("e", ""), request.args.get("s", ""))
    except video_links.InvalidLink:
        abort(403)
    preview = current_user.is_authenticated and current_user.is_admin  # reviewing before publication
    rendition, public = streaming.streamable_rendition(film_id, rendition_id, name, preview)
    cache_control = streaming.CACHE_CONTROL if public else streaming.PREVIEW_CACHE_CONTROL
    store = storage.store()
    path = store.local_path(rendition.path)
    if path is None:  # the object store: the range is read from it
        return _from_store(store, film_id, rendition, cache_control)
    if current_app.config.get("VIDEO_ACCEL_REDIRECT"):  # nginx serves the file, ranges included
        response = make_response("")
        response.headers["X-Accel-Redirect"] = f"{current_app.config['VIDEO_ACCEL_REDIRECT']}/{rendition.path}"
        response.headers["Content-Type"] = "video/mp4"
        response.headers["Cache-Control"] = cache_control
        if request.method == "GET" and public:
            progress.count_bytes_served(film_id, streaming.bytes_asked(request.environ, rendition.size_bytes))
            db.session.commit()
        return response
    if not os.path.exists(path):  # lost from storage: the operations alert reports it
        log.error("rendition %s of film %s: file missing (%s)", rendition.id, film_id, rendition.path)
        abort(404)
    unsatisfiable = streaming.check_range(request.environ, os.path.getsize(path))
    if unsatisfiable is not None:
        return unsatisfiable
    response = send_file(path, mimetype="video/mp4", conditional=True, etag=True)
    response.headers["Cache-Control"] = cache_control
    if response.status_code in (200, 206) and request.method == "GET" and public:
        progress.count_bytes_served(film_id, response.content_length or 0)
        db.session.commit()
    return response


def _from_store(store, film_id, rendition, cache_control):
    try:
        response = streaming.stored_range(store, rendition.path, rendition.size_bytes, request.environ,
                                          head=request.method == "HEAD")
    except storage.MissingKey:  # lost from storage: the operations alert reports it
        log.error("rendition %s of film %s: object missing (%s)", rendition.id, film_id, rendition.path)
        abort(404)
    response.headers["Cache-Control"] = cache_control
    if response.status_code in (200, 206) and request.method == "GET" and cache_control == streaming.CACHE_CONTROL:
        progress.count_bytes_served(film_id, response.content_length or 0)
        db.session.commit()
    return response


@bp.post("/films/<slug>/position")
def save_position(slug):
    film = catalog_queries.film_or_404(slug)
    seconds = whole_number(request.form.get("position"), 0, 999_999)
    if seconds is None:
        return "", 400
    response = make_response("", 204)
    key = _viewer_key(response)
    progress.record_position(key, current_user.id if current_user.is_authenticated else None, film, seconds)
    db.session.commit()
    return response


@bp.get("/historique")
def history():
    key = progress.viewer_key(current_user, request.cookies)
    return never_store(render("watch/history.html", entries=progress.history(key)))


@bp.route("/economie-de-donnees", methods=["GET", "POST"])
def data_saver_settings():
    if request.method == "POST":
        choice = request.form.get("mode", "auto")
        if choice not in ("auto", *data_saver.MODES):
            choice = "auto"
        if current_user.is_authenticated:
            current_user.data_saver = choice
            db.session.commit()
        target = safe_next(request.form.get("next"), url_for("watch.data_saver_settings"))
        response = (render("watch/data_saver.html", "watch/_data_saver.html", mode=_mode_after(choice),
                           chosen=choice)
                    if request.headers.get("HX-Request") == "true" else redirect(target, 303))
        response.set_cookie(data_saver.COOKIE, choice, max_age=ONE_YEAR, samesite="Lax", httponly=True)
        return response
    chosen = current_user.data_saver if current_user.is_authenticated else request.cookies.get(data_saver.COOKIE)
    return render("watch/data_saver.html", "watch/_data_saver.html", mode=data_saver.current(),
                  chosen=chosen if chosen in data_saver.MODES else "auto")


def _mode_after(choice):
    """The mode the next page will be served in, once the new cookie is sent back."""
    if choice in data_saver.MODES:
        return data_saver.DataSaver(choice, "choice")
    return data_saver.current(ignore_choice=True)


@bp.app_template_filter("clock")
def clock(seconds):
    """12:40 or 1:02:05, as players show time."""
    minutes, secs = divmod(int(seconds or 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@bp.app_template_global()
def data_saver_summary(mode):
    from app.watch.labels import summary

    return summary(mode)
