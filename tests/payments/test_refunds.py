"""All-or-nothing projects that miss their goal give the money back, once, through the provider."""
from datetime import timedelta

import httpx
from sqlalchemy import select

from app.extensions import db
from app.funding.cli import close_ended_projects
from app.funding.models import Contribution, Project
from app.payments.models import PaymentEvent
from app.payments.refunds import refund_contribution
from app.timeutil import utcnow
from tests.factories import make_project
from tests.payments.conftest import pay, payment_for, refreshed


def _paid(client, drain, code, amount, phone):
    payment = payment_for(pay(client, code, amount, phone=phone))  # "...01": the payer approves at once
    assert drain(lambda: refreshed(payment).status == "succeeded")
    return payment


def test_missed_all_or_nothing_goal_refunds_each_payer_once(client, payments_app, simulator, drain, run_jobs, runner):
    project = make_project(code="AON1", goal=1_000_000, funding_model="all_or_nothing")
    db.session.commit()
    first = _paid(client, drain, "AON1", 2000, "90 51 51 01")
    second = _paid(client, drain, "AON1", 5000, "99 51 51 01")
    assert db.session.get(Project, project.id).raised_fcfa == 7000

    db.session.get(Project, project.id).ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    [(closed, refunds)] = close_ended_projects()
    assert closed.status == "not_funded" and len(refunds) == 2
    run_jobs()
    for contribution in refunds:
        refund_contribution(contribution.id)  # the job again, as RQ may run it twice
    db.session.expire_all()

    for payment in (first, second):
        assert refreshed(payment).status == "refunded"
        assert db.session.get(Contribution, payment.contribution_id).status == "refunded"
    payouts = httpx.get(f"{simulator.url}/paygate/payouts", timeout=10).json()
    mine = {k: v for k, v in payouts.items() if k in (f"refund-{first.reference}", f"refund-{second.reference}")}
    assert sorted((v["phone"], v["amount"], v["count"]) for v in mine.values()) == [
        ("90515101", 2000, 1), ("99515101", 5000, 1)]
    assert db.session.get(Project, project.id).raised_fcfa == 0
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_card_payment_without_payout_api_waits_for_a_person(client, payments_app, simulator, drain, run_jobs):
    project = make_project(code="AON2", goal=1_000_000, funding_model="all_or_nothing")
    db.session.commit()
    payment = payment_for(pay(client, "AON2", 3000, pay_by="card"))
    run_jobs()
    payment = refreshed(payment)
    httpx.post(payment.checkout_url, data={"answer": "pay"}, timeout=10)
    assert drain(lambda: refreshed(payment).status == "succeeded")
    db.session.get(Project, project.id).ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    close_ended_projects()
    run_jobs()
    db.session.expire_all()
    assert refreshed(payment).status == "succeeded"
    assert db.session.get(Contribution, payment.contribution_id).status == "refund_pending"
    kinds = db.session.scalars(select(PaymentEvent.kind).where(PaymentEvent.payment_id == payment.id)).all()
    assert "refund_manual" in kinds


def test_mtn_momo_payment_is_refunded_through_disbursement_once(client, payments_app, simulator, drain, run_jobs,
                                                                 runner):
    project = make_project(code="AON3", goal=1_000_000, funding_model="all_or_nothing")
    db.session.commit()
    payment = _paid(client, drain, "AON3", 4000, "+229 01 97 51 51 01")
    assert payment.provider == "mtn_momo"
    db.session.get(Project, project.id).ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    [(_, [contribution])] = close_ended_projects()
    run_jobs()
    refund_contribution(contribution.id)  # the job again: nothing more is asked of MTN
    db.session.expire_all()

    assert refreshed(payment).status == "refunded"
    assert db.session.get(Contribution, contribution.id).status == "refunded"
    refunds = [r for r in httpx.get(f"{simulator.url}/mtn/refunds", timeout=10).json().values()
               if r["referenceIdToRefund"] == payment.reference]
    assert [(r["amount"], r["payee"], r["status"]) for r in refunds] == [(4000, "2290197515101", "SUCCESSFUL")]
    [event] = db.session.scalars(select(PaymentEvent).where(PaymentEvent.payment_id == payment.id,
                                                            PaymentEvent.status_to == "refunded")).all()
    assert event.payload.startswith("RF")  # MTN's transaction id for the refund
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_mtn_momo_without_disbursement_keys_leaves_the_refund_to_a_person(client, payments_app, simulator, drain,
                                                                          run_jobs):
    project = make_project(code="AON4", goal=1_000_000, funding_model="all_or_nothing")
    db.session.commit()
    payment = _paid(client, drain, "AON4", 4000, "+229 01 97 51 52 01")
    payments_app.config["MTN_MOMO_DISBURSEMENT_API_KEY"] = ""
    try:
        db.session.get(Project, project.id).ends_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        close_ended_projects()
        run_jobs()
    finally:
        payments_app.config["MTN_MOMO_DISBURSEMENT_API_KEY"] = "sim-disbursement-api-key"
    db.session.expire_all()
    assert db.session.get(Contribution, payment.contribution_id).status == "refund_pending"
    kinds = db.session.scalars(select(PaymentEvent.kind).where(PaymentEvent.payment_id == payment.id)).all()
    assert "refund_manual" in kinds
