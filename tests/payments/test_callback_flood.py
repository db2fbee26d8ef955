"""A flood of forged callbacks: limited per address, and one status query per payment however many arrive."""
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.payments.models import PaymentEvent
from tests.payments.conftest import pay, payment_for, refreshed


def _forged(payment, n):
    """PayGate's callback shape (unsigned), different each time so none is a duplicate."""
    return {"tx_reference": payment.provider_reference, "identifier": payment.reference,
            "payment_reference": f"FAKE{n}", "amount": payment.amount_fcfa,
            "datetime": f"2026-11-23T01:{n // 60 % 60:02d}:{n % 60:02d}", "phone_number": "90000000",
            "payment_method": "T-Money"}


def _flood(url, payments, count):
    with httpx.Client(base_url=url, timeout=30) as http, ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda n: http.post("/paiements/rappel/paygate",
                                                 json=_forged(payments[n % len(payments)], n)).status_code,
                             range(count)))


def _count(kind):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(PaymentEvent).where(PaymentEvent.kind == kind))


def test_300_forged_callbacks_make_one_status_query_per_payment(client, project, payments_app, simulator,
                                                                live_server, run_jobs, monkeypatch):
    monkeypatch.setitem(payments_app.config, "PAYMENT_CALLBACK_LIMIT", "1000 per second")  # coalescing alone
    payments = [payment_for(pay(client, project.short_code, 1000 + n, phone=f"90 55 6{n} 11")) for n in range(3)]
    run_jobs()  # the prompts; the polls after them wait in the scheduler
    payments = [refreshed(p) for p in payments]
    assert [simulator.transaction(p.reference)["status_queries"] for p in payments] == [0, 0, 0]

    assert _flood(live_server.url, payments, 300) == [200] * 300
    assert _count("callback") == 300  # each one kept as evidence…
    assert jobs.queue(payments_app).count == 3  # …but one check waiting per payment
    run_jobs()
    assert [simulator.transaction(p.reference)["status_queries"] for p in payments] == [1, 1, 1]
    assert _count("refuted") == 3
    assert {refreshed(p).status for p in payments} == {"awaiting_payer"}


def test_callbacks_beyond_the_limit_per_address_are_refused_and_not_stored(client, project, payments_app,
                                                                           simulator, live_server, run_jobs,
                                                                           monkeypatch):
    monkeypatch.setitem(payments_app.config, "PAYMENT_CALLBACK_LIMIT", "50 per minute")
    payment = payment_for(pay(client, project.short_code, 1000, phone="90 55 70 11"))
    run_jobs()
    codes = _flood(live_server.url, [refreshed(payment)], 300)
    assert (codes.count(200), codes.count(429)) == (50, 250)
    assert _count("callback") == 50
    run_jobs()
    assert simulator.transaction(payment.reference)["status_queries"] == 1
