"""Paying for a contribution, following the payment, and receiving provider callbacks."""
from flask import Blueprint, current_app, request

from app.extensions import csrf, db, limiter
from app.funding import contributing
from app.funding import queries as funding_queries
from app.pages import render
from app.funding import sharing
from app.payments import callbacks, checkout, follow, providers, queries

bp = Blueprint("payments", __name__)


def _form_page(project, pay, status=200, limit_message=None, twin=None):
    return render("payments/contribute.html", status=status, project=project, pay=pay,
                  methods=providers.offered_methods(), limit_message=limit_message, twin=twin)


@bp.get("/projets/<code>/contribuer")
def contribute_form(code):
    project = funding_queries.public_project_or_404(code)
    retried = request.args.get("reessayer")
    if retried:  # "Try again" from a payment page: the same details, a new payment
        pay = follow.retry_request(project, queries.payment_by_code(retried))
        if request.args.get("pay_by") == "card":
            pay.pay_by = "card"
        return _form_page(project, pay)
    return _form_page(project, checkout.PayRequest(key=checkout.new_idempotency_key()))


@bp.post("/projets/<code>/contribuer")
def contribute(code):
    project = funding_queries.public_project_or_404(code)
    pay = checkout.PayRequest.from_form(request.form)
    found = checkout.existing_payment(pay.key) if pay.key else None
    if found is not None:  # a double tap or a resubmission: the payment already exists
        return follow.to_status_page(found)
    if not project.is_live:  # ended meanwhile: say so, take nothing
        return _form_page(project, pay, 409)
    valid = checkout.clean(pay)
    if not (contributing.check_choices(pay, project) and valid):
        return _form_page(project, pay, 422)
    twin = None if pay.again else checkout.recent_twin(project, pay)
    if twin is not None and twin.idempotency_key == pay.key:  # this very form, saved by a tap just before
        return follow.to_status_page(twin)
    if twin is not None:  # the same request a moment ago, maybe from another tab: ask first
        return _form_page(project, pay, 409, twin=twin)
    try:
        payment = checkout.start_payment(project, pay, request.remote_addr)
    except checkout.LimitReached as limit:
        db.session.rollback()
        response = _form_page(project, pay, 429, limit_message=str(limit))
        response.headers["Retry-After"] = str(limit.retry_after)
        return response
    db.session.commit()
    return follow.to_status_page(payment)


@bp.get("/paiements/<code>")
def status(code):
    payment = queries.payment_by_code_or_404(code)
    project = payment.contribution.project if payment.contribution else None
    return render("payments/status.html", "payments/_status.html", payment=payment, project=project,
                  ballot=payment.ballot,
                  checking=follow.still_checking(payment), silent=follow.operator_silent(payment),
                  methods=providers.offered_methods(),
                  share=sharing.project_share(project) if project and payment.status == "succeeded" else None)


def _callback_limit():
    return current_app.config["PAYMENT_CALLBACK_LIMIT"]


@bp.route("/paiements/rappel/<provider>", methods=["POST", "PUT"])
@csrf.exempt  # sent by the provider; authenticity is settled by a status query, not by the request
@limiter.limit(_callback_limit)  # per address: a provider's servers, or someone forging callbacks
def callback(provider):
    answer = callbacks.receive(provider, request.headers, request.get_data(cache=True), request.form)
    db.session.commit()
    return "", answer
