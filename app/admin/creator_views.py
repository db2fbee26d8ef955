"""Back-office pages for creator checks (the list, each identity document, the decision) and the
documents of a project in review."""
from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.admin import review
from app.admin.blueprint import bp
from app.admin.review_views import confirm_step, get_or_404
from app.creators import checks
from app.creators.models import CreatorCheck
from app.funding.models import Project
from app.pages import render
from app.studio import documents


@bp.get("/createurs")
def creator_checks():
    rows = [(check, checks.wallet_holder_name(check.user_id)) for check in checks.checks_to_review()]
    return render("admin/creators.html", rows=rows)


@bp.get("/createurs/<int:check_id>/piece")
def identity_document(check_id):
    """The identity document, to administrators only (the blueprint's rule), as an attachment."""
    check = get_or_404(CreatorCheck, check_id)
    extension = (check.document_key or "").rsplit(".", 1)[-1]
    response = documents.download_response(check.document_key, check.content_type,
                                           f"identite-{check.user_id}.{extension}") if check.document_key else None
    if response is None:
        abort(404)
    return response


@bp.post("/createurs/<int:check_id>/decision")
def decide_creator(check_id):
    """Asked twice like every decision (review_views.confirm_step): approve, or refuse with a reason."""
    check = get_or_404(CreatorCheck, check_id)
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        return redirect(url_for("admin.creator_checks"), 303)
    comment = request.form.get("comment", "")
    return confirm_step(lambda: review.decide_creator(current_user, check, decision == "approve", comment),
                        check.user, "creator", decision)


@bp.get("/projets/<int:project_id>/documents/<int:document_id>")
def project_document(project_id, document_id):
    """A document of a project in review, as an attachment: the public route serves live projects only."""
    project = get_or_404(Project, project_id)
    found = next((d for d in documents.documents_of(project) if d.id == document_id), None)
    response = found and documents.download_response(found.storage_key, found.content_type, documents.file_name(found))
    if not response:
        abort(404)
    return response
