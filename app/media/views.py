import io
import os

from flask import Blueprint, abort, current_app, send_file

from app import storage
from app.media import posters

bp = Blueprint("media", __name__)

FOREVER = "public, max-age=31536000, immutable"


@bp.get("/media/posters/<kind>/<int:owner_id>/<key>/<int:width>.webp")
def poster(kind, owner_id, key, width):
    if kind not in posters.KINDS or width not in current_app.config["POSTER_WIDTHS"] or not key.isalnum():
        abort(404)
    store, stored = storage.store(), posters.poster_key(kind, owner_id, key, width)
    path = store.local_path(stored)
    if path is not None:
        if not os.path.isfile(path):
            abort(404)
        response = send_file(path, mimetype="image/webp", conditional=True, max_age=31536000)
    else:
        try:
            data = store.read(stored)
        except storage.MissingKey:
            abort(404)
        # The key is a hash of the image: the same URL always names the same bytes.
        response = send_file(io.BytesIO(data), mimetype="image/webp", conditional=True, max_age=31536000,
                             etag=f"{key}-{width}", last_modified=None)
    response.headers["Cache-Control"] = FOREVER
    return response
