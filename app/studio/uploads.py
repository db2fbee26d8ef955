"""Resumable uploads, a subset of the tus 1.0 protocol (tus.io, "core", "creation", "termination").

A phone on 2G loses the network often; with tus it asks the server how much arrived
(HEAD → Upload-Offset) and sends only the rest (PATCH with Upload-Offset), even after a
page reload. We keep the protocol's headers so any tus client can talk to us.

Each chunk is stored as an object of its own in the media store (app.studio.chunks), and the
upload's offset lives in its row: any web node takes the next chunk, HEAD answers from the
database on any node. A chunk is read from the network before the row is locked (a 2G phone
takes seconds per chunk, and nothing waits on it meanwhile), then stored under the lock,
which the offset is checked again under: of two nodes sent the same offset, one stores it,
the other answers 409. When the last byte arrives the node that got it joins the chunks into
one file, which is checked (ffprobe for a video, Pillow for a poster) and handed over to the
store: a video becomes the film's source and goes to transcoding, a poster becomes the film's
poster variants; the chunks then go. A
refused file is named to the filmmaker by a reason (`REJECTIONS`), never by the checking
tool's own words, which carry server paths. `DELETE` ends an upload and frees its bytes;
`app.studio.cleanup` removes the ones left idle. Sizes are limited by `app.studio.quota`.

The film page lists the uploads still pending (`pending_uploads`), so a phone that lost the
page, or another browser, resumes one by picking the same file again (same name and size).
A file that arrives whole ends the other pending uploads of the same film and kind: they
were for a file the filmmaker chose not to send.
"""
import logging
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.media import posters, video
from app.studio import chunks, quota
from app.studio.models import UPLOAD_KINDS, UploadSession
from app.watch import jobs as watch_jobs
from app.timeutil import utcnow

log = logging.getLogger(__name__)
TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination"


class UploadError(ValueError):
    """The request does not fit the upload; `status` is the HTTP answer to give."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


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
    return upload


def append(upload, offset, stream, content_length):
    """Stores the request's bytes as the chunk at `offset`, which must be exactly what arrived
    so far, whichever node received the chunks before (409 otherwise). Returns the bytes
    written; `upload` is then re-read under its row lock (FOR UPDATE). Flushes."""
    _check_chunk(upload, offset, content_length)
    try:
        quota.check_quota(upload.owner_id, upload.length, before_upload_id=upload.id)
    except quota.QuotaExceeded as error:
        raise UploadError(str(error), status=413) from error
    with chunks.receiving(stream, content_length) as (path, written):
        locked = db.session.scalar(select(UploadSession).where(UploadSession.id == upload.id).with_for_update()
                                   .execution_options(populate_existing=True))
        if locked is None:
            raise UploadError(_("This upload was cancelled."), status=404)
        _check_chunk(locked, offset, content_length)  # another node may have taken this offset meanwhile
        if written:
            chunks.store_chunk(locked.token, offset, path)
    locked.received += written
    locked.updated_at = utcnow()
    if locked.received == locked.length:
        _finish(locked)
    db.session.flush()
    return written


def _check_chunk(upload, offset, content_length):
    if upload.status != "receiving":
        raise UploadError(_("This upload is already finished."), status=409 if upload.is_complete else 410)
    if offset != upload.received:
        raise UploadError(_("The upload continues from another point."), status=409)
    if content_length is None or upload.received + content_length > upload.length:
        raise UploadError(_("More bytes than announced."), status=413)


def _finish(upload):
    """Joins the chunks into the file and hands it over (source or poster), or rejects it."""
    from app.catalog.models import Film

    film = db.session.get(Film, upload.film_id)
    try:
        with chunks.assembled(upload.token, upload.length) as path:
            try:
                if upload.kind == "video":
                    watch_jobs.attach_source(film, path, move=True)  # probed there, once
                else:
                    with open(path, "rb") as f:
                        film.poster_key, film.poster_color = posters.store_poster("films", film.id, f.read())
            except (video.VideoError, posters.PosterError) as error:
                upload.status = "rejected"
                upload.error = getattr(error, "reason", "not_a_video")
                log.info("upload %s rejected (%s): %s", upload.id, upload.error, error)
    except chunks.MissingChunks as error:  # a chunk lost by the store: the phone sends again from the gap
        upload.received = chunks.keep_unbroken(upload.token)
        log.warning("upload %s: %s; going on from byte %s", upload.id, error, upload.received)
        return
    chunks.drop(upload.token)
    if upload.status == "receiving":
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
    chunks.drop(upload.token)
    db.session.delete(upload)
    db.session.flush()
