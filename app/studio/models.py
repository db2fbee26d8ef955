"""Uploads in progress: what a filmmaker's phone has sent so far, so it can resume."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.timeutil import utcnow

UPLOAD_KINDS = ("video", "poster")
UPLOAD_STATUSES = ("receiving", "complete", "rejected")


class UploadSession(db.Model):
    __tablename__ = "upload_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)  # in the upload URL; unguessable
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(200), default="")
    length: Mapped[int] = mapped_column(BigInteger)  # announced size in bytes
    received: Mapped[int] = mapped_column(BigInteger, default=0)  # bytes written so far: where to resume
    status: Mapped[str] = mapped_column(String(10), default="receiving")
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(f"kind IN {UPLOAD_KINDS}", name="kind"),
        CheckConstraint(f"status IN {UPLOAD_STATUSES}", name="status"),
        CheckConstraint("received >= 0 AND received <= length", name="received"),
    )

    @property
    def is_complete(self):
        return self.status == "complete"


DOCUMENT_KINDS = ("synopsis", "technical_sheet", "concept_visual", "budget", "other")


class ProjectDocument(db.Model):
    """A file of the project's dossier (app.studio.documents): public once the project is."""

    __tablename__ = "project_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(120))
    storage_key: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))  # sniffed from the bytes, never from the name
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # read-only on the project's side: documents are added and removed by app.studio.documents
    project = relationship("Project", backref=backref(
        "documents", viewonly=True, order_by="(ProjectDocument.kind, ProjectDocument.id)"))

    __table_args__ = (CheckConstraint(f"kind IN {DOCUMENT_KINDS}", name="kind"),)
