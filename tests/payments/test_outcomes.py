"""Declines, expiry, lost, duplicated, unknown and forged callbacks: totals exact, everything recorded."""
import logging

import httpx
import pytest
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.funding.models import Contribution, Project
from app.payments.models import PaymentEvent
from tests.payments.conftest import pay, payment_for, refreshed, wait_until


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings_of():
    attached = []

    def attach(name):
        handler = Records()
        logging.getLogger(name).addHandler(handler)
        attached.append((name, handler))
        return handler.messages

    yield attach
    for name, handler in attached:
        logging.getLogger(name).removeHandler(handler)


def _totals(project):
    db.session.expire_all()
    found = db.session.get(Project, project.id)
    return found.raised_fcfa, found.contributors_count


def _transitions(payment):
    return [(e.source, e.status_to) for e in refreshed(payment).events if e.kind == "transition"]


def _events(payment, kind):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(PaymentEvent)
                             .where(PaymentEvent.payment_id == payment.id, PaymentEvent.kind == kind))


@pytest.mark.parametrize("phone, source", [("90 55 55 02", "poll"), ("+229 01 97 55 55 02", "callback")])
def test_declined_payment_fails_and_credits_nothing(client, project, drain, run_jobs, runner, phone, source):
    # PayGate is only known to call back after a payment, so its refusals are found by polling.
    payment = payment_for(pay(client, project.short_code, 3000, phone=phone))
    if source == "callback":  # MTN calls back with FAILED
        run_jobs()
        wait_until(lambda: _events(payment, "callback") == 1, message="MTN's callback")
    assert drain(lambda: refreshed(payment).is_final)
    assert refreshed(payment).status == "failed"
    assert _transitions(payment)[-1] == (source, "failed")
    assert db.session.get(Contribution, payment.contribution_id).status == "failed"
    assert _totals(project) == (0, 0)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_payer_who_never_answers_expires(client, project, payments_app, drain):
    payments_app.config["PAYMENT_EXPIRY_SECONDS"] = 2
    payment = payment_for(pay(client, project.short_code, 3000, phone="90 55 55 03"))
    assert drain(lambda: refreshed(payment).is_final)
    assert refreshed(payment).status == "expired"
    assert _transitions(payment) == [("start", "awaiting_payer"), ("poll", "expired")]
    assert db.session.get(Contribution, payment.contribution_id).status == "failed"
    assert _totals(project) == (0, 0)


@pytest.mark.parametrize("phone", ["90 55 55 06", "+229 01 97 55 55 06"])
def test_lost_callback_is_resolved_by_polling(client, project, drain, simulator, phone):
    payment = payment_for(pay(client, project.short_code, 4000, phone=phone))
    assert drain(lambda: refreshed(payment).is_final)
    assert simulator.transaction(payment.reference)["callbacks_sent"] == 0
    assert _transitions(payment) == [("start", "awaiting_payer"), ("poll", "succeeded")]
    assert _totals(project) == (4000, 1)


@pytest.mark.parametrize("phone, provider", [("90 55 55 55", "paygate"), ("+229 01 97 55 55 55", "mtn_momo")])
def test_callback_delivered_eleven_times_credits_once(client, project, simulator, run_jobs, runner, phone, provider):
    payment = payment_for(pay(client, project.short_code, 5000, phone=phone))
    run_jobs()
    simulator.answer(provider, payment.reference)
    simulator.resend(provider, payment.reference, times=10)
    wait_until(lambda: simulator.transaction(payment.reference)["callbacks_sent"] == 11, message="11 callbacks")
    wait_until(lambda: _events(payment, "callback") >= 1)
    run_jobs()
    assert refreshed(payment).status == "succeeded"
    assert [t for t in _transitions(payment) if t[1] == "succeeded"] == [("callback", "succeeded")]
    assert _totals(project) == (5000, 1)
    if provider == "mtn_momo":  # identical bodies: stored once
        assert _events(payment, "callback") == 1
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_callback_for_an_unknown_payment_is_kept_and_changes_nothing(project, live_server, warnings_of, run_jobs):
    warnings = warnings_of("app.payments.callbacks")
    body = {"tx_reference": "999", "identifier": "no-such-payment", "payment_reference": "OP1", "amount": 5000,
            "datetime": "2026-11-23T01:00:00", "phone_number": "90000000", "payment_method": "T-Money"}
    response = httpx.post(f"{live_server.url}/paiements/rappel/paygate", json=body, timeout=10)
    assert response.status_code == 200
    event = db.session.scalars(select(PaymentEvent).where(PaymentEvent.kind == "unmatched")).one()
    assert event.payment_id is None and "no-such-payment" in event.payload
    run_jobs()
    assert _totals(project) == (0, 0)
    assert any("unknown payment" in m for m in warnings)


def test_forged_unsigned_callback_is_refuted_by_the_status_query(client, project, live_server, run_jobs,
                                                                 warnings_of):
    warnings = warnings_of("app.payments.jobs")
    payment = payment_for(pay(client, project.short_code, 9000, phone="90 55 55 03"))  # never answers
    run_jobs()
    forged = {"tx_reference": payment.provider_reference or "1", "identifier": payment.reference,
              "payment_reference": "FAKE", "amount": 9000, "datetime": "2026-11-23T01:00:00",
              "phone_number": "90555503", "payment_method": "T-Money"}
    assert httpx.post(f"{live_server.url}/paiements/rappel/paygate", json=forged, timeout=10).status_code == 200
    run_jobs()
    assert refreshed(payment).status == "awaiting_payer"
    assert _events(payment, "refuted") == 1
    assert _totals(project) == (0, 0)
    assert any("claimed success" in m for m in warnings)


def test_callback_with_a_bad_hash_is_rejected(client, project, simulator, run_jobs, warnings_of):
    warnings = warnings_of("app.payments.callbacks")
    payment = payment_for(pay(client, project.short_code, 6000, pay_by="card"))
    run_jobs()
    token = refreshed(payment).provider_reference
    simulator.resend("paydunya", token, times=1, bad_hash=True)
    wait_until(lambda: _events(payment, "rejected") == 1, message="the rejected IPN")
    assert jobs.queue().count == 0  # nothing was queued for it: no status query, no credit
    run_jobs()
    assert refreshed(payment).status == "awaiting_payer"
    assert _totals(project) == (0, 0)
    assert any("bad signature" in m for m in warnings)


def test_payment_confirmed_after_it_expired_is_still_credited(client, project, payments_app, drain, simulator,
                                                              run_jobs, runner):
    payments_app.config["PAYMENT_EXPIRY_SECONDS"] = 2
    payment = payment_for(pay(client, project.short_code, 3500, phone="90 55 56 03"))  # never answers…
    assert drain(lambda: refreshed(payment).is_final)
    assert refreshed(payment).status == "expired"
    simulator.answer("paygate", payment.reference)  # …until it does, late
    wait_until(lambda: _events(payment, "callback") == 1, message="the late callback")
    run_jobs()
    assert _transitions(payment)[-1] == ("callback", "succeeded")
    assert db.session.get(Contribution, payment.contribution_id).status == "succeeded"
    assert _totals(project) == (3500, 1)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_provider_that_keeps_failing_to_start_ends_in_failure(client, project, payments_app, drain, simulator):
    payments_app.config["PAYMENT_EXPIRY_SECONDS"] = 2
    payment = payment_for(pay(client, project.short_code, 3000, phone="90 55 55 08"))  # the provider answers 500
    assert drain(lambda: refreshed(payment).is_final)
    payment = refreshed(payment)
    assert (payment.status, payment.failure_reason) == ("failed", "unknown to the provider")
    assert simulator.transaction(payment.reference) is None
    assert _totals(project) == (0, 0)
