"""What the payer sees after pressing "Contribuer": when to say the operator is silent, how long
an expired payment's page keeps checking, and the form to try again with the same details.

The details of a payment are prefilled in full only for the browser that sent it (its session
keeps the payment's short code); anyone else holding the link gets the amount only, never the
payer's number or name.
"""
from datetime import timedelta

from flask import redirect, session, url_for

from app.payments import checkout
from app.timeutil import as_utc, utcnow

OPERATOR_SILENT_SECONDS = 90  # a prompt normally reaches the phone within a few seconds
LATE_CHECK_SECONDS = 15 * 60  # an expired payment's page keeps looking for a late approval
RETRY_STATUSES = ("failed", "expired")
_MINE = "my_payments"
_MINE_KEPT = 5


def operator_silent(payment):
    """The start request has gone unanswered (provider down or failing) for too long."""
    return payment.status == "created" and utcnow() - as_utc(payment.created_at) >= timedelta(
        seconds=OPERATOR_SILENT_SECONDS)


def still_checking(payment):
    """True while the page should refresh itself: open, or expired recently (a late approval may come)."""
    if not payment.is_final:
        return True
    return (payment.status == "expired" and payment.finished_at is not None
            and utcnow() - as_utc(payment.finished_at) < timedelta(seconds=LATE_CHECK_SECONDS))


def remember(payment):
    """This browser sent `payment`: it may see its details again to retry."""
    mine = [code for code in session.get(_MINE, []) if code != payment.short_code]
    session[_MINE] = ([payment.short_code] + mine)[:_MINE_KEPT]


def retry_request(project, payment):
    """A fresh pay form filled with `payment`'s details (the amount only for another browser)."""
    pay = checkout.PayRequest(key=checkout.new_idempotency_key())
    contribution = payment.contribution if payment is not None else None
    if contribution is None or contribution.project_id != project.id:
        return pay
    pay.amount = str(payment.amount_fcfa)
    if payment.short_code not in session.get(_MINE, []):
        return pay
    pay.pay_by = "card" if payment.method == "card" else "mobile"
    pay.phone = payment.phone or ""
    pay.operator = payment.method if payment.method in ("flooz", "tmoney") else "auto"
    pay.name = contribution.display_name or ""
    pay.message = contribution.message or ""
    pay.anonymous = "1" if contribution.is_anonymous else ""
    pay.follow = "1" if contribution.wants_news else ""
    pay.reward = str(contribution.reward_id or "")
    return pay


def to_status_page(payment):
    """The 303 that sends the payer to the payment's status page, remembered as theirs."""
    remember(payment)
    return redirect(url_for("payments.status", code=payment.short_code), 303)
