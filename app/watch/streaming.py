"""Signed, expiring video links bound to one film and one rendition.

A link is `/v/<token>`; the token says which rendition of which film and when it was made,
signed with SECRET_KEY. It lasts six hours: long enough for a film watched in pieces on a
bad network, short enough that a shared link stops working. The film's state is read on
every request, so a link stops at once when its film is unpublished (410). In production nginx can serve
the file itself: see README, "Serving videos with nginx". With the object store (app.storage, s3)
the asked range is read from it and passed on (`stored_range`).
"""
import itertools

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from flask import Response, abort, current_app, url_for
from sqlalchemy import select
from werkzeug.http import parse_range_header

from app.catalog.models import Film
from app.extensions import db
from app.storage import MissingKey
from app.watch.models import Rendition

LINK_SECONDS = 6 * 3600


class InvalidLink(Exception):
    """Expired, tampered with, or made for another film."""


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="karangou-video")


def signed_url(rendition):
    token = _serializer().dumps({"f": rendition.film_id, "r": rendition.id})
    return url_for("watch.stream", token=token)


def read_token(token, max_age=LINK_SECONDS):
    """(film id, rendition id) from a valid token; InvalidLink otherwise."""
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature) as error:
        raise InvalidLink(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("f"), int) or not isinstance(data.get("r"), int):
        raise InvalidLink("malformed")
    return data["f"], data["r"]


def streamable_rendition(film_id, rendition_id):
    """The rendition a valid token names, if its film is still published; aborts otherwise:
    403 for a rendition of another film, 410 once the film is no longer public."""
    row = db.session.execute(select(Rendition, Film.status).join(Film, Film.id == Rendition.film_id)
                             .where(Rendition.id == rendition_id)).first()
    if row is None or row.Rendition.film_id != film_id:
        abort(403)
    if row.status != "published":
        abort(410)
    return row.Rendition


def check_range(environ, size):
    """The 416 answer for a Range we cannot serve, else None (and the Range is left to Werkzeug).

    RFC 9110 §14.2: a Range in another unit is ignored (the whole file, 200); an unreadable
    or unsatisfiable bytes range is refused with 416 and `Content-Range: bytes */size`.
    Answering here also spares opening the file for nothing.
    """
    header = environ.get("HTTP_RANGE", "").strip()
    if not header:
        return None
    if not header.lower().startswith("bytes="):
        environ.pop("HTTP_RANGE")
        return None
    parsed = parse_range_header(header)
    if parsed is not None and (len(parsed.ranges) > 1 or parsed.range_for_length(size) is not None):
        return None  # several ranges: Werkzeug sends the whole file, which RFC 9110 allows
    response = Response("", 416)
    response.headers["Content-Range"] = f"bytes */{size}"
    return response


def stored_range(store, key, size, environ, head=False):
    """The answer send_file gives for a file, for an object of `size` bytes read from the store:
    200 with the whole object, 206 and Content-Range for one bytes range, 416 for a range that
    cannot be served (`check_range`); several ranges get the whole object. The object is read as
    the answer is sent, never held whole; a missing object raises MissingKey before any header
    leaves. `head`: only the object's presence is checked."""
    unsatisfiable = check_range(environ, size)
    if unsatisfiable is not None:
        return unsatisfiable
    header = environ.get("HTTP_RANGE", "").strip()
    parsed = parse_range_header(header) if header else None
    one_range = parsed is not None and len(parsed.ranges) == 1
    start, stop = parsed.range_for_length(size) if one_range else (0, size)
    if head:  # nothing read, but a lost object is told as for a GET
        if store.size(key) is None:
            raise MissingKey(key)
        body = ()
    else:
        chunks = store.iter_range(key, start, stop - start)
        body = itertools.chain([next(chunks, b"")], chunks)
    response = Response(body, 206 if one_range else 200, mimetype="video/mp4", direct_passthrough=True)
    response.content_length = stop - start
    response.headers["Accept-Ranges"] = "bytes"
    if response.status_code == 206:
        response.headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    return response


def bytes_asked(environ, size):
    """How many bytes of a `size`-byte file the request's Range asks for (the whole file without
    one, none for a range that cannot be served): what nginx sends for us under X-Accel-Redirect."""
    header = environ.get("HTTP_RANGE", "").strip()
    if not header or not header.lower().startswith("bytes="):
        return size
    parsed = parse_range_header(header)
    if parsed is None:
        return 0
    if len(parsed.ranges) > 1:
        return size
    asked = parsed.range_for_length(size)
    return asked[1] - asked[0] if asked else 0
