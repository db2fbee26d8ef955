from flask import Blueprint, abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.catalog import freshness
from app.catalog.page_cache import shared_page
from app.extensions import db
from app.funding import discover, follow_limits, news, queries, sharing
from app.funding.qr_poster import poster_svg
from app.payments import operators
from app.pages import render
from app.studio import documents, pitch
from app.talk import conversations

bp = Blueprint("funding", __name__)


@bp.get("/projets/<code>")
def project(code):
    return _project_page(queries.public_project_or_404(code))


def _project_page(project, status=200):
    return render(
        "funding/project.html",
        status=status,
        project=project,
        updates=queries.updates_of(project),
        contributors=queries.recent_contributors(project),
        days_left=queries.days_left(project),
        share=sharing.project_share(project) if project.is_live else None,
        documents=documents.documents_of(project),
        pitch=pitch.pitch_video(project),
        talk_count=conversations.message_count(project),
    )


@bp.get("/projets/<code>/documents/<int:document_id>")
def document(code, document_id):
    """A document of a public project's dossier, as an attachment (app.studio.documents)."""
    project = queries.public_project_or_404(code, details=False)
    found = next((d for d in documents.documents_of(project) if d.id == document_id), None)
    response = found and documents.download_response(found.storage_key, found.content_type, documents.file_name(found))
    if not response:
        abort(404)
    return response


@bp.post("/projets/<code>/suivre")
def follow(code):
    """News by SMS (and e-mail for members who gave one) for anyone who leaves a number."""
    return _follow_or_stop(code, following=True)


@bp.post("/projets/<code>/ne-plus-suivre")
def unfollow(code):
    return _follow_or_stop(code, following=False)


def _follow_or_stop(code, following):
    project = queries.public_project_or_404(code, details=False)
    back = redirect(url_for("funding.project", code=project.short_code, _anchor="suivre"), 303)
    try:
        phone = operators.detect(request.form.get("phone", "")).phone
    except operators.InvalidPhone:
        flash(_("Enter a mobile number, for example 90 12 34 56."), "follow-error")
        flash(request.form.get("phone", "")[:20], "follow-typed")  # given back in the field, not in the URL
        return back
    if following:
        try:
            follow_limits.count_follow(phone, request.remote_addr)
        except follow_limits.TooManyFollows as limit:
            flash(str(limit), "follow-error")
            flash(request.form.get("phone", "")[:20], "follow-typed")
            response = _project_page(queries.public_project_or_404(project.short_code), 429)
            response.headers["Retry-After"] = str(limit.retry_after)
            return response
        news.follow(project, phone, current_user if current_user.is_authenticated else None)
        flash(_("Done: you will receive this project's news by SMS."), "follow-ok")
    else:
        news.unfollow(project, phone)
        flash(_("Done: this number will receive no more news from this project."), "follow-ok")
    db.session.commit()
    return back


@bp.get("/projets")
@shared_page(depends_on=(freshness.FILMS, freshness.PROJECTS))
def discover_projects():
    return render("funding/discover.html", lists=discover.discover_lists(6))


@bp.get("/p/<code>")
def short_link(code):
    """The page an SMS links to: the lightest page of the product, no script, one tiny image."""
    project = queries.public_project_or_404(code.upper()[:12], details=False)
    return render("funding/short_link.html", project=project, days_left=queries.days_left(project))



@bp.get("/p/<code>/affiche.svg")
def qr_poster(code):
    """An A4 poster with the short link's QR code, to print for a screening."""
    project = queries.public_project_or_404(code.upper()[:12], details=False)
    svg = poster_svg(project, _("Support this film on Karangou"),
                               _("Scan the code, or type this address:"))
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    response.headers["Content-Disposition"] = f'inline; filename="affiche-{project.short_code}.svg"'
    response.headers["Cache-Control"] = "private, max-age=3600"  # its words are in the reader's language
    return response
