"""Payout pages in the studio: the wallet, a project's treasurers, approvals and statement."""
from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.funding.models import Project
from app.http import never_store
from app.pages import render
from app.payouts import approvals, queries, treasurers, wallets
from app.payouts.errors import PayoutError
from app.payouts.models import NETWORKS, Payout
from app.studio.access import filmmaker_required

bp = Blueprint("payouts", __name__, url_prefix="/studio/versements")
bp.after_request(never_store)


@bp.before_request
@login_required
def members_only():
    """Every payout page is for a signed-in member; each view says which one."""


def _project_seen_or_404(project_id):
    project = db.session.get(Project, project_id)
    if project is None or not (project.owner_id == current_user.id or treasurers.is_treasurer(project.id,
                                                                                             current_user.id)):
        abort(404)
    return project


@bp.get("/")
def overview():
    return render("payouts/overview.html", projects=queries.visible_projects(current_user),
                  payout_of=queries.payout_of, wallet=wallets.wallet_of(current_user))


@bp.route("/portefeuille", methods=["GET", "POST"])
@filmmaker_required
def wallet():
    found = wallets.wallet_of(current_user)
    typed = {"phone": found.phone if found else "", "network": found.network if found else "",
             "holder": found.holder_name if found else ""}
    if request.method == "POST":
        typed = {name: request.form.get(name, "")[:120] for name in ("phone", "network", "holder")}
        try:
            wallets.register_wallet(current_user, typed["phone"], typed["network"], typed["holder"])
        except PayoutError as error:
            db.session.rollback()
            return render("payouts/wallet.html", typed=typed, networks=NETWORKS, wallet=found, error=str(error),
                          status=422)
        db.session.commit()
        flash_saved()
        return redirect(url_for("payouts.wallet"), 303)
    return render("payouts/wallet.html", typed=typed, networks=NETWORKS, wallet=found, error=None)


def flash_saved():
    flash(_("Saved."))


def _project_page(project, error=None, typed_phones=None, status=200):
    payout = queries.payout_of(project.id)
    named = treasurers.treasurers_of(project.id)
    phones = typed_phones if typed_phones is not None else [t.user.phone for t in named]
    phones = (list(phones) + ["", "", ""])[:3]
    return render("payouts/project.html", project=project, payout=payout, treasurers=named, phones=phones,
                  approvals=queries.approvals_of(payout), can_change=treasurers.can_change(project.id),
                  is_owner=project.owner_id == current_user.id,
                  is_treasurer=treasurers.is_treasurer(project.id, current_user.id),
                  threshold=current_app.config["PAYOUT_ADMIN_THRESHOLD_FCFA"], error=error, status=status)


@bp.get("/projets/<int:project_id>")
def project(project_id):
    return _project_page(_project_seen_or_404(project_id))


@bp.post("/projets/<int:project_id>/tresoriers")
def name_treasurers(project_id):
    project = _project_seen_or_404(project_id)
    if project.owner_id != current_user.id:
        abort(403)
    phones = [request.form.get(name, "") for name in ("treasurer_1", "treasurer_2", "treasurer_3")]
    try:
        treasurers.name_treasurers(project, phones)
    except PayoutError as error:
        db.session.rollback()
        return _project_page(project, error=str(error), typed_phones=phones, status=422)
    db.session.commit()
    flash_saved()
    return redirect(url_for("payouts.project", project_id=project.id), 303)


@bp.post("/<int:payout_id>/approuver")
def approve(payout_id):
    payout = db.session.get(Payout, payout_id)
    if payout is None:
        abort(404)
    project = _project_seen_or_404(payout.project_id)
    try:
        approvals.approve(payout.id, current_user)
    except PayoutError as error:
        db.session.rollback()
        return _project_page(project, error=str(error), status=422)
    db.session.commit()
    flash_saved()
    return redirect(url_for("payouts.project", project_id=project.id), 303)
