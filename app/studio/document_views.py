"""The studio's pages for a project's dossier (documents, presentation video) and the creator's
identity check; on the studio blueprint."""
from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.creators import checks
from app.extensions import db
from app.funding import lifecycle
from app.pages import render
from app.studio import budget_template, documents, pitch
from app.studio.access import filmmaker_required, own_project_or_404
from app.studio.models import DOCUMENT_KINDS, ProjectDocument
from app.studio.views import bp


def _own_document_or_404(project, document_id):
    document = db.session.scalar(select(ProjectDocument).where(ProjectDocument.id == document_id,
                                                               ProjectDocument.project_id == project.id))
    if document is None:
        abort(404)
    return document


def _dossier_page(project, error=None, typed_title="", status=200):
    return render("studio/documents.html", status=status, project=project, error=error, typed_title=typed_title,
                  documents=documents.documents_of(project), kinds=DOCUMENT_KINDS,
                  editable=lifecycle.can_edit(project, current_user), check=checks.check_of(current_user.id),
                  pitch_too_long=bool(project.pitch_film and (project.pitch_film.duration_s or 0) > pitch.LONGEST_S))


@bp.get("/projets/<int:project_id>/dossier")
@filmmaker_required
def project_documents(project_id):
    return _dossier_page(own_project_or_404(project_id))


@bp.post("/projets/<int:project_id>/dossier")
@filmmaker_required
def add_document(project_id):
    project = own_project_or_404(project_id)
    title = request.form.get("title", "")[:120]
    if not lifecycle.can_edit(project, current_user):
        return _dossier_page(project, _("The dossier can change only while the project is a draft or sent back."),
                             title, 409)
    try:
        data = documents.read_upload(request.files.get("file"))
        documents.add_document(project, request.form.get("kind", ""), title, data)
    except documents.DocumentError as error:
        db.session.rollback()
        return _dossier_page(project, str(error), title, 422)
    db.session.commit()
    flash(_("Document saved."))
    return redirect(url_for("studio.project_documents", project_id=project.id), 303)


@bp.post("/projets/<int:project_id>/dossier/<int:document_id>/supprimer")
@filmmaker_required
def delete_document(project_id, document_id):
    project = own_project_or_404(project_id)
    document = _own_document_or_404(project, document_id)
    if lifecycle.can_edit(project, current_user):
        documents.delete_document(document)
        db.session.commit()
        flash(_("Document deleted."))
    return redirect(url_for("studio.project_documents", project_id=project.id), 303)


@bp.get("/projets/<int:project_id>/dossier/<int:document_id>")
@filmmaker_required
def download_document(project_id, document_id):
    document = _own_document_or_404(own_project_or_404(project_id), document_id)
    response = documents.download_response(document.storage_key, document.content_type, documents.file_name(document))
    if response is None:
        abort(404)
    return response


@bp.post("/projets/<int:project_id>/video")
@filmmaker_required
def pitch_video(project_id):
    """Opens the presentation video's page, where it is uploaded as a film's video is."""
    project = own_project_or_404(project_id)
    if project.pitch_film is None and not lifecycle.can_edit(project, current_user):
        return redirect(url_for("studio.project_documents", project_id=project.id), 303)
    film = pitch.pitch_film_for(project)
    db.session.commit()
    return redirect(url_for("studio.film", film_id=film.id), 303)


@bp.get("/modele-budget.csv")
def budget_template_csv():
    """The provisional budget template; open to anyone, as the guide links to it."""
    response = make_response(budget_template.budget_csv())
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = 'attachment; filename="budget-previsionnel.csv"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/identite", methods=["GET", "POST"])
@filmmaker_required
def identity():
    """The creator check: the identity document goes to administrators only."""
    error, status = None, 200
    if request.method == "POST":
        try:
            checks.submit_identity(current_user, documents.read_upload(request.files.get("file")))
        except documents.DocumentError as problem:
            db.session.rollback()
            error, status = str(problem), 422
        else:
            db.session.commit()
            flash(_("Identity document received: an administrator checks it within 7 days."))
            return redirect(url_for("studio.identity"), 303)
    return render("studio/identity.html", check=checks.check_of(current_user.id), error=error, status=status)
