"""Rewards in the studio: what is owed, marking it delivered, the names for the credits."""
from flask import flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import format_decimal, ngettext

from app import exports
from app.extensions import db
from app.funding import rewards
from app.inputs import INT32_MAX, whole_number
from app.pages import render
from app.studio.access import filmmaker_required, own_project_or_404
from app.studio.blueprint import bp

MAX_MARKED = 5000
PAGE_SIZE = 40  # a page of rewards stays under the 14 KB budget


@bp.get("/projets/<int:project_id>/contreparties")
@filmmaker_required
def project_rewards(project_id):
    project = own_project_or_404(project_id)
    owed = [c for c in rewards.contributions_of(project.id) if c.has_reward]
    pages = max(1, -(-len(owed) // PAGE_SIZE))
    page = min(whole_number(request.args.get("page"), 1, 100_000) or 1, pages)
    return render("studio/project_rewards.html", project=project, owed=owed[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
                  total=len(owed), delivered=sum(1 for c in owed if c.delivered_at), page=page, pages=pages)


@bp.post("/projets/<int:project_id>/contreparties")
@filmmaker_required
def mark_rewards(project_id):
    """One contribution (its own button), the ticked ones, or all that are owed."""
    project = own_project_or_404(project_id)
    delivered = request.args.get("delivered", request.form.get("delivered", "yes")) != "no"
    if request.form.get("one"):
        ids = [whole_number(request.form.get("one"), 1, INT32_MAX)]
    elif request.form.get("all") == "yes":
        ids = [c.contribution_id for c in rewards.contributions_of(project.id) if c.has_reward]
    else:
        ids = [whole_number(value, 1, INT32_MAX) for value in request.form.getlist("id")[:MAX_MARKED]]
    changed = rewards.mark_delivered(project, ids, delivered)
    db.session.commit()
    if not changed:
        flash(_("Nothing changed: tick the rewards to mark."))
    elif delivered:
        flash(ngettext("%(count)s reward marked delivered.", "%(count)s rewards marked delivered.", changed, count=format_decimal(changed)))
    else:
        flash(ngettext("%(count)s reward marked not delivered.", "%(count)s rewards marked not delivered.", changed, count=format_decimal(changed)))
    return redirect(url_for("studio.project_rewards", project_id=project.id), 303)


@bp.get("/projets/<int:project_id>/noms-au-generique")
@filmmaker_required
def credit_names(project_id):
    project = own_project_or_404(project_id)
    names, anonymous = rewards.credit_names(project.id)
    return render("studio/credit_names.html", project=project, names=names, anonymous=anonymous)


@bp.get("/projets/<int:project_id>/noms-au-generique.csv")
@filmmaker_required
def credit_names_csv(project_id):
    project = own_project_or_404(project_id)
    names, _anonymous = rewards.credit_names(project.id)
    response = make_response(exports.csv_text(["name"], ([name] for name in names)))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = f'attachment; filename="generique-{project.short_code}.csv"'
    return response
