"""Resumable uploads, a subset of the tus 1.0 protocol (tus.io, "core", "creation", "termination").

A phone on 2G loses the network often; with tus it asks the server how much arrived
(HEAD → Upload-Offset) and sends only the rest (PATCH with Upload-Offset), even after a
page reload. We keep the protocol's headers so any tus client can talk to us.

The bytes go to <media root>/uploads/<token>.part, a working file of the web node that
receives them (app.storage.scratch_folder), whatever the media store; when the last byte
arrives the file is checked (ffprobe for a video, Pillow for a poster) and handed over to the
store: a video becomes the film's source and goes to transcoding, a poster becomes the film's
poster variants. A
refused file is named to the filmmaker by a reason (`REJECTIONS`), never by the checking
tool's own words, which carry server paths. `DELETE` ends an upload and frees its bytes;
`app.studio.cleanup` removes the ones left idle. Sizes are limited by `app.studio.quota`.

The film page lists the uploads still pending (`pending_uploads`), so a phone that lost the
page, or another browser, resumes one by picking the same file again (same name and size).
A file that arrives whole ends the other pending uploads of the same film and kind: they
were for a file the filmmaker chose not to send.
"""
import logging
import os
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import ClientDisconnected

from app import storage
from app.extensions import db
from app.media import posters, video
from app.studio import quota
from app.studio.models import UPLOAD_KINDS, UploadSession
from app.watch import jobs as watch_jobs
from app.timeutil import utcnow

log = logging.getLogger(__name__)
TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination"
COPY_BLOCK = 64 * 1024


class UploadError(ValueError):
    """The request does not fit the upload; `status` is the HTTP answer to give."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def part_path(upload):
    return os.path.join(storage.scratch_folder("uploads"), f"{upload.token}.part")


def rejection_message(upload):
    """Why a finished upload was refused, in the filmmaker's language."""
    if upload.error == "too_many_pixels":
        return _("This image has too many pixels for a poster: %(megapixels)s megapixels at most, for example "
                 "4000 × 6000. Make it smaller and send it again.", megapixels=posters.MAX_PIXELS // 1_000_000)
    if upload.kind == "poster":
        return _("This file is not an image we can read. Send a JPEG, PNG or WebP image.")
    return _("This file is not a video we can read. Try another one.")


def start_upload(owner, film, kind, length, filename):
    if kind not in UPLOAD_KINDS:
        raise UploadError(_("This kind of file cannot be uploaded here."))
    if length <= 0:
        raise UploadError(_("This file is empty."))
    try:
        quota.check_file_size(kind, length)
        quota.check_quota(owner.id, length)
    except quota.QuotaExceeded as error:
        raise UploadError(str(error), status=413) from error
    upload = UploadSession(token=secrets.token_hex(16), owner_id=owner.id, film_id=film.id, kind=kind,
                           filename=(filename or "")[:200], length=length)
    db.session.add(upload)
    db.session.flush()
    open(part_path(upload), "wb").close()
    return upload


def append(upload, offset, stream, content_length):
    """Writes the bytes at `offset`, which must be exactly what we already have (409 otherwise)."""
    if upload.status != "receiving":
        raise UploadError(_("This upload is already finished."), status=409 if upload.is_complete else 410)
    if offset != upload.received:
        raise UploadError(_("The upload continues from another point."), status=409)
    if content_length is None or upload.received + content_length > upload.length:
        raise UploadError(_("More bytes than announced."), status=413)
    try:
        quota.check_quota(upload.owner_id, upload.length, before_upload_id=upload.id)
    except quota.QuotaExceeded as error:
        raise UploadError(str(error), status=413) from error
    written = 0
    with open(part_path(upload), "r+b") as f:
        f.seek(offset)
        while written < content_length:
            try:
                block = stream.read(min(COPY_BLOCK, content_length - written))
            except ClientDisconnected:
                block = b""
            if not block:
                break  # the connection dropped: keep what arrived, the client resumes from here
            f.write(block)
            written += len(block)
        f.truncate(offset + written)
    upload.received += written
    upload.updated_at = utcnow()
    if upload.received == upload.length:
        _finish(upload)
    db.session.flush()
    return written


def _finish(upload):
    from app.catalog.models import Film

    film = db.session.get(Film, upload.film_id)
    path = part_path(upload)
    try:
        if upload.kind == "video":
            watch_jobs.attach_source(film, path, move=True)  # probed there, once
        else:
            with open(path, "rb") as f:
                film.poster_key, film.poster_color = posters.store_poster("films", film.id, f.read())
            os.unlink(path)
    except (video.VideoError, posters.PosterError) as error:
        upload.status = "rejected"
        upload.error = getattr(error, "reason", "not_a_video")
        os.unlink(path)
        log.info("upload %s rejected (%s): %s", upload.id, upload.error, error)
        return
    upload.status = "complete"
    _drop_superseded(upload)


def _drop_superseded(upload):
    others = db.session.scalars(select(UploadSession).where(
        UploadSession.film_id == upload.film_id, UploadSession.owner_id == upload.owner_id,
        UploadSession.kind == upload.kind, UploadSession.status == "receiving", UploadSession.id != upload.id))
    for other in others.all():
        terminate(other)


def pending_uploads(film, owner):
    """Unfinished uploads of this film by this member, newest first, grouped by kind."""
    rows = db.session.scalars(select(UploadSession).where(
        UploadSession.film_id == film.id, UploadSession.owner_id == owner.id, UploadSession.status == "receiving",
    ).order_by(UploadSession.updated_at.desc(), UploadSession.id.desc()))
    grouped = {kind: [] for kind in UPLOAD_KINDS}
    for upload in rows:
        grouped[upload.kind].append(upload)
    return grouped


def terminate(upload):
    """tus termination: the unfinished bytes and the session go; a finished file stays the film's."""
    if os.path.exists(part_path(upload)):
        os.unlink(part_path(upload))
    db.session.delete(upload)
    db.session.flush()
