"""Serving a rendition's bytes: which rendition a link names, Range answers (206/416), and the
object store's ranges.

Links themselves are made and checked in `app.watch.video_links`. The film's state is read on
every request, so a link stops at once when its film is unpublished (410). In production nginx can serve
the file itself: see README, "Serving videos with nginx". With the object store (app.storage, s3)
the asked range is read from it and passed on (`stored_range`).
"""
import itertools

from flask import Response, abort
from sqlalchemy import select
from werkzeug.http import parse_range_header

from app.catalog.models import Film
from app.contests.queries import is_public_entry
from app.extensions import db
from app.funding.models import Project
from app.funding.queries import PUBLIC_STATUSES
from app.storage import MissingKey
from app.watch.models import Rendition
from app.watch.video_links import file_name

CACHE_CONTROL = "public, max-age=31536000, immutable"  # a rendition's path names bytes that never change
PREVIEW_CACHE_CONTROL = "private, no-store"  # an unpublished film, played for review: no cache keeps it


def streamable_rendition(film_id, rendition_id, name, preview=False):
    """The rendition a link's path names, if its film is still published; aborts otherwise:
    404 for a path that names no rendition (or an old one), 410 once the film is no longer public.
    With `preview` (an administrator reviewing) any film's renditions play, staged ones too.
    Returns the rendition and whether it is public (an edge may cache it)."""
    row = db.session.execute(select(Rendition, Film.status).join(Film, Film.id == Rendition.film_id)
                             .where(Rendition.id == rendition_id)).first()
    if row is None or row.Rendition.film_id != film_id or file_name(row.Rendition) != name:
        abort(404)
    public = (row.status == "published" or _is_public_pitch(film_id) or is_public_entry(film_id)) \
        and not row.Rendition.staged
    if not public and not preview:
        abort(410 if row.status != "published" else 404)
    return row.Rendition, public


def _is_public_pitch(film_id):
    """A project's presentation video plays while its project is public (app.studio.pitch)."""
    return db.session.scalar(select(Project.id).where(Project.pitch_film_id == film_id,
                                                      Project.status.in_(PUBLIC_STATUSES)).limit(1)) is not None


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
