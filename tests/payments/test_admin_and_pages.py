"""The back-office payment pages, and the payer's pages: access, filters, event log, re-check, budgets, queries."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.accounts.models import User
from app.admin.models import AuditEntry
from app.extensions import db
from app.payments.models import Payment
from app.timeutil import utcnow
from tests.payments.conftest import pay, payment_for, refreshed, wait_until
from tests.wire import ACCEPT, wire_bytes


def _log_in(client, role):
    user = User(phone=f"+2289000{len(role):04d}", role=role, display_name=role)
    db.session.add(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return user


def _payments(client, project, count):
    return [payment_for(pay(client, project.short_code, 1000 + n, phone=f"90 3{n // 10} {n % 10}0 55", again="1"))
            for n in range(count)]


@pytest.mark.parametrize("role", [None, "viewer", "filmmaker"])
def test_payment_pages_are_for_admins_only(client, project, role):
    if role:
        _log_in(client, role)
    payment = payment_for(pay(client, project.short_code, 1000, phone="90 12 12 12"))
    assert client.get("/admin/paiements").status_code == 403
    assert client.get(f"/admin/paiements/{payment.id}").status_code == 403
    csrf = client.get(f"/projets/{project.short_code}/contribuer").text.split('name="csrf_token" value="')[1][:200]
    response = client.post(f"/admin/paiements/{payment.id}/verifier", data={"csrf_token": csrf.split('"')[0]})
    assert response.status_code == 403


def test_admin_filters_payments_by_state_and_provider(client, project, run_jobs):
    togo = payment_for(pay(client, project.short_code, 1000, phone="90 12 12 13"))
    benin = payment_for(pay(client, project.short_code, 2000, phone="+229 01 97 12 12 13"))
    run_jobs()
    db.session.execute(update(Payment).where(Payment.id == togo.id).values(status="failed"))
    db.session.commit()
    _log_in(client, "admin")
    failed = client.get("/admin/paiements?status=failed").text
    assert f"/admin/paiements/{togo.id}\"" in failed and f"/admin/paiements/{benin.id}\"" not in failed
    mtn = client.get("/admin/paiements?provider=mtn_momo").text
    assert f"/admin/paiements/{benin.id}\"" in mtn and f"/admin/paiements/{togo.id}\"" not in mtn


def test_admin_sees_stuck_payments_and_rechecks_one_now(client, project, simulator, run_jobs, payments_app):
    payment = payment_for(pay(client, project.short_code, 4500, phone="90 12 12 06"))  # its callback is lost
    run_jobs()
    wait_until(lambda: simulator.transaction(payment.reference)["status"] == "paid")
    old = utcnow() - timedelta(seconds=payments_app.config["PAYMENT_EXPIRY_SECONDS"] - 30)
    db.session.execute(update(Payment).where(Payment.id == payment.id).values(created_at=old - timedelta(minutes=1)))
    db.session.commit()
    _log_in(client, "admin")
    listing = client.get("/admin/paiements").text
    stuck = listing.split("<h2>", 2)[1]
    assert f"/admin/paiements/{payment.id}\"" in stuck

    detail = client.get(f"/admin/paiements/{payment.id}").text
    assert "Créé → En attente du payeur" in detail and payment.reference in detail
    assert "+22890121206" not in detail.split("<h2>")[0]  # the number is masked outside the raw events
    csrf = detail.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(f"/admin/paiements/{payment.id}/verifier", data={"csrf_token": csrf})
    assert response.status_code == 303
    payment = refreshed(payment)
    assert payment.status == "succeeded"
    assert [(e.source, e.status_to) for e in payment.events if e.kind == "transition"][-1] == ("admin", "succeeded")
    assert "administrateur · changement d’état" in client.get(f"/admin/paiements/{payment.id}").text
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "payment.recheck")).all()
    assert (entry.target_id, entry.detail) == (payment.id, "succeeded")


def test_raw_provider_messages_hide_the_payers_number(client, project, simulator, run_jobs):
    payment = payment_for(pay(client, project.short_code, 3000, phone="90 12 12 01"))  # approved, with a callback
    run_jobs()
    wait_until(lambda: any(e.source == "callback" for e in refreshed(payment).events))
    _log_in(client, "admin")
    detail = client.get(f"/admin/paiements/{payment.id}").text
    events = detail.split("<h2>")[-1]
    assert "phone_number" in events and "tx_reference" in events and payment.reference in events
    assert "phone_number&#34;:&#34;…01" in events
    leaks = [detail[max(0, m.start() - 200):m.end()] for m in re.finditer("90121201", detail)]
    assert leaks == []


@pytest.mark.parametrize("mode", ["saver", "high"])
def test_payment_pages_fit_in_14_kb(client, project, mode):
    client.set_cookie("ds", mode)
    payments = _payments(client, project, 3)
    paths = [f"/projets/{project.short_code}", f"/projets/{project.short_code}/contribuer",
             f"/paiements/{payments[0].short_code}"]
    for path in paths:
        response = client.get(path, headers=ACCEPT)
        assert response.status_code == 200 and wire_bytes(response) <= 14 * 1024, (path, wire_bytes(response))


def _statements(client, count_queries, path):
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_status_page_and_admin_pages_cost_a_fixed_number_of_queries(client, project, count_queries, run_jobs,
                                                                    payments_app):
    payments_app.config["PAYMENT_LIMIT_PER_IP"] = 100
    admin = _log_in(client, "admin")
    payments = _payments(client, project, 2)
    run_jobs()
    status = _statements(client, count_queries, f"/paiements/{payments[0].short_code}")
    listing = _statements(client, count_queries, "/admin/paiements")
    detail = _statements(client, count_queries, f"/admin/paiements/{payments[0].id}")
    # status: the payment with its contribution and project (a page read: the member comes from the
    # cache); listing: the member, stuck, latest; detail: the member, the payment, its events.
    assert (status, listing, detail) == (1, 3, 3)
    payments += _payments(client, project, 12)
    run_jobs()
    assert _statements(client, count_queries, f"/paiements/{payments[0].short_code}") == status
    assert _statements(client, count_queries, "/admin/paiements") == listing
    assert admin.id
