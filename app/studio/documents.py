"""The project's dossier, as our filmmaker guide asks for it: synopsis, technical sheet, concept
visual, provisional budget, and other documents; and the identity document of a creator check.

A file is taken for what its bytes say, never for its name or the browser's word: a PDF starts
with `%PDF-`, an image must open as PNG, JPEG or WebP with Pillow, under the posters' pixel limit
read from its header before any pixel is decoded (app.media.posters.open_image). Everything else,
an HTML page renamed `.pdf` included, is refused. Files go to the store (app.storage) under a
random name and are only ever served as attachments (`download_response`).
"""
import secrets

from flask import Response
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import storage
from app.extensions import db
from app.media import posters
from app.studio.models import DOCUMENT_KINDS, ProjectDocument

MAX_BYTES = 10 * 1000**2
MAX_OTHER = 5  # "other" documents a project may hold; every other kind holds one, replaced by the next
IMAGE_TYPES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "WEBP": ("image/webp", "webp")}
KIND_LABELS = {
    "synopsis": _l("Synopsis"), "technical_sheet": _l("Technical sheet"), "concept_visual": _l("Poster or concept visual"),
    "budget": _l("Provisional budget"), "other": _l("Other document"),
}


class DocumentError(ValueError):
    """The file cannot be kept; the message says why, for the filmmaker."""


def kind_label(kind):
    return KIND_LABELS.get(kind, kind)


def sniff(data):
    """(content type, extension) of a PDF or an image we accept; DocumentError otherwise."""
    if not data:
        raise DocumentError(_("This file is empty."))
    if len(data) > MAX_BYTES:
        raise DocumentError(_("This file is too large: %(size)s MB at most.", size=MAX_BYTES // 1000**2))
    if data.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    try:
        image = posters.open_image(data)
    except posters.PosterError as error:
        if error.reason == "too_many_pixels":
            raise DocumentError(_("This image has too many pixels: %(megapixels)s megapixels at most.",
                                  megapixels=posters.MAX_PIXELS // 1_000_000)) from error
        raise DocumentError(_("Send a PDF or a JPEG, PNG or WebP image.")) from error
    if image.format not in IMAGE_TYPES:
        raise DocumentError(_("Send a PDF or a JPEG, PNG or WebP image."))
    return IMAGE_TYPES[image.format]


def read_upload(file_storage):
    """The bytes of a posted file, reading one byte past the limit at most."""
    if file_storage is None or not file_storage.filename:
        raise DocumentError(_("Choose a file to send."))
    return file_storage.stream.read(MAX_BYTES + 1)


def add_document(project, kind, title, data):
    """Keeps a file in the project's dossier, replacing the one of the same kind (but "other",
    of which a few are kept). Flushes; returns the document."""
    if kind not in DOCUMENT_KINDS:
        raise DocumentError(_("Choose what this document is."))
    content_type, extension = sniff(data)
    existing = documents_of(project)
    if kind == "other" and sum(d.kind == "other" for d in existing) >= MAX_OTHER:
        raise DocumentError(_("%(num)s other documents at most: delete one first.", num=MAX_OTHER))
    key = f"documents/projects/{project.id}/{secrets.token_hex(8)}.{extension}"
    storage.store().put_bytes(key, data, content_type)
    for old in existing:
        if kind != "other" and old.kind == kind:
            delete_document(old)
    document = ProjectDocument(project_id=project.id, kind=kind, title=(title or "").strip()[:120] or str(kind_label(kind)),
                               storage_key=key, content_type=content_type, size_bytes=len(data))
    db.session.add(document)
    db.session.flush()
    return document


def delete_document(document):
    storage.store().delete(document.storage_key)
    db.session.delete(document)
    db.session.flush()


def documents_of(project):
    return db.session.scalars(select(ProjectDocument).where(ProjectDocument.project_id == project.id)
                              .order_by(ProjectDocument.kind, ProjectDocument.id)).all()


def download_response(key, content_type, filename):
    """A stored file as an attachment: never shown inline, never sniffed into HTML by a browser."""
    try:
        data = storage.store().read(key)
    except storage.MissingKey:
        return None
    safe_type = content_type if content_type in {"application/pdf", *(t for t, _e in IMAGE_TYPES.values())} \
        else "application/octet-stream"
    response = Response(data, mimetype=safe_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def file_size(size_bytes):
    """A document's size as a reader counts it: "12 ko" below a megabyte, "2,4 Mo" above."""
    if size_bytes < 1_000_000:
        return _("%(kb)s KB", kb=max(1, -(-size_bytes // 1000)))
    return _("%(mb)s MB", mb=format_decimal(size_bytes / 1_000_000, format="#,##0.0"))


def file_name(document):
    """An ASCII name for the download: the kind and the id, with the sniffed extension."""
    return f"{document.kind.replace('_', '-')}-{document.id}.{document.storage_key.rsplit('.', 1)[-1]}"
