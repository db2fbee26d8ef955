"""Start -> the payer approves in the simulator -> callback -> confirmed -> credited once, per provider."""
import httpx
import pytest
from sqlalchemy import select

from app.funding.models import Contribution, Project
from app.extensions import db
from app.payments.models import PaymentEvent
from tests.payments.conftest import pay, payment_for, refreshed, wait_until


def _callback_stored(payment):
    def stored():
        db.session.expire_all()
        return db.session.scalars(select(PaymentEvent).where(PaymentEvent.payment_id == payment.id,
                                                             PaymentEvent.kind == "callback")).first()
    return stored


def _assert_credited_once(payment, project, amount, runner):
    payment = refreshed(payment)
    assert payment.status == "succeeded"
    transitions = [(e.source, e.status_from, e.status_to) for e in payment.events if e.kind == "transition"]
    assert transitions == [("start", "created", "awaiting_payer"), ("callback", "awaiting_payer", "succeeded")]
    contribution = db.session.get(Contribution, payment.contribution_id)
    assert contribution.status == "succeeded"
    project = db.session.get(Project, project.id)
    assert (project.raised_fcfa, project.contributors_count) == (amount, 1)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


@pytest.mark.parametrize("phone, provider, method", [
    ("90 12 34 56", "paygate", "tmoney"),
    ("+228 99 12 34 56", "paygate", "flooz"),
    ("+229 01 97 12 34 56", "mtn_momo", "momo"),
])
def test_mobile_money_payment_is_confirmed_and_credited_once(client, project, simulator, run_jobs, runner,
                                                             phone, provider, method):
    response = pay(client, project.short_code, 2500, phone=phone)
    assert response.status_code == 303
    payment = payment_for(response)
    assert (payment.provider, payment.method, payment.status) == (provider, method, "created")

    run_jobs()  # the start job: the prompt goes to the phone
    assert refreshed(payment).status == "awaiting_payer"
    assert simulator.transaction(payment.reference)["status"] == "pending"

    assert simulator.answer(provider, payment.reference).status_code == 303  # "approve on your phone"
    wait_until(_callback_stored(payment), message="the provider's callback")
    run_jobs()  # handles the callback: asks the provider, then applies
    _assert_credited_once(payment, project, 2500, runner)


def test_card_payment_goes_through_the_checkout_page_and_is_credited_once(client, project, simulator, run_jobs,
                                                                          runner):
    response = pay(client, project.short_code, 7000, pay_by="card")
    payment = payment_for(response)
    assert (payment.provider, payment.method) == ("paydunya", "card")
    run_jobs()
    payment = refreshed(payment)
    assert payment.status == "awaiting_payer" and payment.checkout_url.startswith(simulator.url)
    status_page = client.get(f"/paiements/{payment.short_code}").text
    assert payment.checkout_url in status_page

    checkout = httpx.post(payment.checkout_url, data={"answer": "pay"}, timeout=10)  # the payer's browser
    assert checkout.status_code == 303
    wait_until(_callback_stored(payment), message="the IPN")
    run_jobs()
    _assert_credited_once(payment, project, 7000, runner)


def test_status_page_polls_until_final_then_stops(client, project, simulator, run_jobs):
    payment = payment_for(pay(client, project.short_code, 1000, phone="90 12 34 57"))
    page = client.get(f"/paiements/{payment.short_code}")
    assert 'http-equiv="refresh"' in page.text and 'hx-trigger="every 3s"' in page.text
    fragment = client.get(f"/paiements/{payment.short_code}", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section class="fund" id="payment-status"')
    assert "HX-Request" in fragment.headers["Vary"]
    run_jobs()
    simulator.answer("paygate", payment.reference)
    wait_until(_callback_stored(payment), message="the callback")
    run_jobs()
    page = client.get(f"/paiements/{payment.short_code}")
    assert "refresh" not in page.text and "hx-trigger" not in page.text
    assert "Merci" in page.text
