import os

from flask import Blueprint, abort, current_app, send_file

from app.media import posters

bp = Blueprint("media", __name__)

FOREVER = "public, max-age=31536000, immutable"


@bp.get("/media/posters/<kind>/<int:owner_id>/<key>/<int:width>.webp")
def poster(kind, owner_id, key, width):
    if kind not in posters.KINDS or width not in current_app.config["POSTER_WIDTHS"] or not key.isalnum():
        abort(404)
    path = posters.poster_path(kind, owner_id, key, width)
    if not os.path.isfile(path):
        abort(404)
    response = send_file(path, mimetype="image/webp", conditional=True, max_age=31536000)
    response.headers["Cache-Control"] = FOREVER
    return response

