"""Money that arrives late: after the payment expired, after the project closed, or not the amount asked."""
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.funding.cli import close_ended_projects
from app.funding.models import Contribution, Project
from app.payments.models import Payment, PaymentEvent
from app.timeutil import utcnow
from tests.factories import log_in, make_project, make_user
from tests.payments.conftest import pay, payment_for, refreshed, wait_until


def _totals(project_id):
    db.session.expire_all()
    found = db.session.get(Project, project_id)
    return found.raised_fcfa, found.contributors_count


def _events(payment, kind):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(PaymentEvent)
                             .where(PaymentEvent.payment_id == payment.id, PaymentEvent.kind == kind))


def _contribution(payment):
    db.session.expire_all()
    return db.session.get(Contribution, payment.contribution_id)


def _expired(client, code, payments_app, drain, amount, phone):
    """A prompt nobody answered in time (numbers ending in 11 wait for a tap)."""
    payments_app.config["PAYMENT_EXPIRY_SECONDS"] = 2
    payment = payment_for(pay(client, code, amount, phone=phone))
    assert drain(lambda: refreshed(payment).status == "expired")
    return refreshed(payment)


def _as_if_due(payment):
    """Moves the next late check to now, as if its backoff had run out."""
    db.session.execute(update(Payment).where(Payment.id == payment.id)
                       .values(next_check_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_payment_approved_after_it_expired_with_the_callback_lost_is_credited_by_the_sweep(
        client, project, payments_app, drain, simulator, runner):
    payment = _expired(client, project.short_code, payments_app, drain, 3500, "90 55 57 11")
    assert payment.next_check_at > utcnow() + timedelta(minutes=4)  # still asked about, backing off
    assert _contribution(payment).status == "failed"
    simulator.answer("paygate", payment.reference, callback=False)  # approved late; no callback ever comes

    _as_if_due(payment)
    result = runner.invoke(args=["payments", "reconcile"])
    assert result.exit_code == 0 and "checked 1, resolved 1" in result.output
    payment = refreshed(payment)
    assert payment.status == "succeeded"
    assert [(e.source, e.status_to) for e in payment.events if e.kind == "transition"][-1] == ("reconcile",
                                                                                               "succeeded")
    assert _contribution(payment).status == "succeeded"
    assert _totals(project.id) == (3500, 1)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_expired_payments_are_watched_and_listed_for_two_days_then_left_alone(
        client, project, payments_app, drain, simulator, runner):
    payment = _expired(client, project.short_code, payments_app, drain, 2500, "90 55 57 12")
    log_in(client, make_user(role="admin"))
    db.session.commit()
    stuck = client.get("/admin/paiements").text.split("<h2>", 2)[1]
    assert f"/admin/paiements/{payment.id}\"" in stuck
    ledger = runner.invoke(args=["payments", "check-ledger"])
    assert ledger.exit_code == 0 and "1 expired payment(s), 2500 FCFA, still asked about" in ledger.output

    asked = simulator.transaction(payment.reference)["status_queries"]
    db.session.execute(update(Payment).where(Payment.id == payment.id)
                       .values(created_at=utcnow() - timedelta(hours=48, minutes=1)))
    db.session.commit()
    assert "checked 0" in runner.invoke(args=["payments", "reconcile", "--all"]).output
    assert simulator.transaction(payment.reference)["status_queries"] == asked
    assert f"/admin/paiements/{payment.id}\"" not in client.get("/admin/paiements").text.split("<h2>", 2)[1]
    assert "0 expired payment(s)" in runner.invoke(args=["payments", "check-ledger"]).output


def _close_now(project_id):
    db.session.get(Project, project_id).ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    [(closed, refunds)] = close_ended_projects()
    return closed, refunds


def test_payments_approved_after_an_all_or_nothing_project_failed_are_refunded(
        client, payments_app, simulator, run_jobs, runner):
    project = make_project(code="AON9", goal=1_000_000, funding_model="all_or_nothing")
    db.session.commit()
    by_callback = payment_for(pay(client, "AON9", 2000, phone="90 55 58 11"))  # PayGate, waits for a tap
    callback_lost = payment_for(pay(client, "AON9", 4000, phone="+229 01 97 55 58 11"))  # MTN MoMo
    run_jobs()  # both prompts reach the phones
    closed, refunds = _close_now(project.id)
    assert (closed.status, refunds) == ("not_funded", [])

    simulator.answer("paygate", by_callback.reference)
    wait_until(lambda: _events(by_callback, "callback") == 1, message="the callback")
    run_jobs()  # the callback's status query, then the refund it calls for
    assert refreshed(by_callback).status == "refunded"
    assert _contribution(by_callback).status == "refunded"
    payouts = httpx.get(f"{simulator.url}/paygate/payouts", timeout=10).json()
    assert (payouts[f"refund-{by_callback.reference}"]["amount"], payouts[f"refund-{by_callback.reference}"]["count"]) \
        == (2000, 1)

    simulator.answer("mtn_momo", callback_lost.reference, callback=False)
    assert runner.invoke(args=["payments", "reconcile", "--all"]).exit_code == 0  # the sweep finds it paid
    assert _contribution(callback_lost).status == "refund_pending"
    before_refund = runner.invoke(args=["payments", "check-ledger"])
    assert before_refund.exit_code == 1
    assert f"project {project.id} (not_funded): 1 contribution(s), 4000 FCFA received and not refunded" \
        in before_refund.output
    run_jobs()  # the refund
    assert refreshed(callback_lost).status == "refunded"
    refunds = [r for r in httpx.get(f"{simulator.url}/mtn/refunds", timeout=10).json().values()
               if r["referenceIdToRefund"] == callback_lost.reference]
    assert [(r["amount"], r["status"]) for r in refunds] == [(4000, "SUCCESSFUL")]
    assert _totals(project.id) == (0, 0)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_payment_approved_after_a_flexible_project_ended_is_credited(client, payments_app, simulator, run_jobs,
                                                                     runner):
    project = make_project(code="FLEX9", goal=1_000_000, funding_model="flexible")
    db.session.commit()
    payment = payment_for(pay(client, "FLEX9", 3000, phone="90 55 59 11"))
    run_jobs()
    assert _close_now(project.id)[0].status == "not_funded"
    simulator.answer("paygate", payment.reference)
    wait_until(lambda: _events(payment, "callback") == 1, message="the callback")
    run_jobs()
    assert refreshed(payment).status == "succeeded"
    assert _contribution(payment).status == "succeeded"
    assert _totals(project.id) == (3000, 1)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


@pytest.mark.parametrize("records", [{"amount": "400"}, {"currency": "EUR"}])
def test_mtn_status_with_another_amount_or_currency_is_refused(client, project, simulator, run_jobs, records):
    payment = payment_for(pay(client, project.short_code, 4000, phone="+229 01 97 55 60 11"))
    run_jobs()
    simulator.change_records("mtn_momo", payment.reference, **records)  # what MTN says it took
    simulator.answer("mtn_momo", payment.reference)
    wait_until(lambda: _events(payment, "callback") == 1, message="MTN's callback")
    run_jobs()
    assert refreshed(payment).status == "awaiting_payer"
    assert _events(payment, "mismatch") == 1
    assert _contribution(payment).status == "pending"
    assert _totals(project.id) == (0, 0)
