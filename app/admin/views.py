"""Back-office payment pages: the list with its filters, one payment's events, re-check now."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import audit, queries
from app.admin.blueprint import bp
from app.extensions import db
from app.pages import render
from app.payments import jobs, reconcile
from app.payments.models import PAYMENT_STATUSES
from app.payments.providers.base import ProviderError

PROVIDERS = ("paygate", "mtn_momo", "paydunya")


@bp.get("/paiements")
def payments():
    status = request.args.get("status") if request.args.get("status") in PAYMENT_STATUSES else ""
    provider = request.args.get("provider") if request.args.get("provider") in PROVIDERS else ""
    reference = request.args.get("ref", "")
    return render("admin/payments.html", payments=queries.payments(status, provider, reference), state=status,
                  provider=provider, reference=reference[:100], statuses=PAYMENT_STATUSES, providers=PROVIDERS,
                  stuck=reconcile.stuck_payments())


@bp.get("/paiements/<int:payment_id>")
def payment(payment_id):
    found = queries.payment_with_events(payment_id)
    if found is None:
        abort(404)
    return render("admin/payment.html", payment=found)


@bp.post("/paiements/<int:payment_id>/verifier")
def recheck(payment_id):
    """Asks the provider now, as the sweep would, and records the result as the admin's."""
    try:
        found = jobs.recheck(payment_id, "admin")
    except ProviderError:
        db.session.rollback()
        flash(_("The provider could not be reached; try again later."))
        found = True
    if found is None:
        abort(404)
    status = found.status if found is not True else "unreachable"
    audit.record(current_user, "payment.recheck", "payment", payment_id, status)
    db.session.commit()
    return redirect(url_for("admin.payment", payment_id=payment_id), 303)

