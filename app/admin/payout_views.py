"""Back-office payouts: those above the threshold wait for an administrator's approval."""
from flask import abort, current_app, flash, redirect, url_for
from flask_login import current_user

from app.admin import audit
from app.admin.blueprint import bp
from app.extensions import db
from app.pages import render
from app.payouts import approvals, queries
from app.payouts.errors import PayoutError
from app.payouts.models import Payout


@bp.get("/versements")
def payouts():
    return render("admin/payouts.html", waiting=queries.awaiting_admin(), recent=queries.recent(),
                  threshold=current_app.config["PAYOUT_ADMIN_THRESHOLD_FCFA"])


@bp.post("/versements/<int:payout_id>/approuver")
def approve_payout(payout_id):
    if db.session.get(Payout, payout_id) is None:
        abort(404)
    try:
        approvals.approve(payout_id, current_user, as_admin=True)
        audit.record(current_user, "payout.approve", "payout", payout_id)
    except PayoutError as error:
        db.session.rollback()
        flash(str(error))
        return redirect(url_for("admin.payouts"), 303)
    db.session.commit()
    return redirect(url_for("admin.payouts"), 303)
