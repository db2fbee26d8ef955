"""How much disk a filmmaker's uploads may take: a quota per account and a cap per file.

An account holds its films' current sources plus what its unfinished uploads announced
(`Upload-Length` is reserved when the upload is created, so bytes can never outgrow it).
Checked when an upload is created and again as its bytes arrive: two uploads created at the
same moment both pass the first check, and the later one is stopped at its first bytes.
Sizes are in decimal gigabytes, as phones and operators count them.
"""
from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select

from app import storage
from app.catalog.models import Film
from app.extensions import db
from app.studio.models import UploadSession

GB = 1000**3
POSTER_MAX_BYTES = 15 * 1000**2


class QuotaExceeded(ValueError):
    """This file does not fit; the message says why and how much is left, for the filmmaker."""


def max_file_bytes(kind):
    return current_app.config["UPLOAD_MAX_VIDEO_GB"] * GB if kind == "video" else POSTER_MAX_BYTES


def quota_bytes():
    return current_app.config["UPLOAD_QUOTA_GB"] * GB


def check_file_size(kind, length):
    if length > max_file_bytes(kind):
        limit = max_file_bytes(kind)
        raise QuotaExceeded(_("This file is too large: %(size)s at most.", size=_size(limit)))


def check_quota(owner_id, length, before_upload_id=None):
    """Raises QuotaExceeded if `length` more bytes take the account past its quota.

    `before_upload_id`: an upload already counted; only the uploads created before it are
    counted with it, so of two that do not both fit, the first one goes on."""
    used = stored_bytes(owner_id) + reserved_bytes(owner_id, before_upload_id)
    if used + length > quota_bytes():
        raise QuotaExceeded(_("Your films already take %(used)s of the %(quota)s each filmmaker may upload, "
                              "and this file does not fit. Unfinished uploads are removed after a day.",
                              used=_size(used), quota=_size(quota_bytes())))


def reserved_bytes(owner_id, before_upload_id=None):
    """What the account's unfinished uploads announced."""
    query = select(func.coalesce(func.sum(UploadSession.length), 0)).where(
        UploadSession.owner_id == owner_id, UploadSession.status == "receiving")
    if before_upload_id is not None:
        query = query.where(UploadSession.id < before_upload_id)
    return int(db.session.scalar(query))


def stored_bytes(owner_id):
    """The stored size of the account's films' current sources."""
    store = storage.store()
    keys = db.session.scalars(select(Film.source_path).where(Film.owner_id == owner_id,
                                                             Film.source_path.is_not(None)))
    return sum(store.size(key) or 0 for key in keys)


def _size(n_bytes):
    if n_bytes >= GB:
        return _("%(n)s GB", n=format_decimal(round(n_bytes / GB, 1)))
    return _("%(n)s MB", n=format_decimal(round(n_bytes / 1000**2, 1)))
