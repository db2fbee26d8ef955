"""The pay form: one payment per idempotency key, limits that say why, nothing lost without Redis."""
import re
import threading

import httpx
from sqlalchemy import func, select

from app.extensions import db
from app.payments.models import Payment
from tests.payments.conftest import form_fields, free_port, pay, payment_for, point_redis, refreshed


def _payments():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Payment))


def test_double_submission_of_the_same_form_starts_one_payment(client, project, run_jobs):
    fields = form_fields(client, project.short_code)
    first = pay(client, project.short_code, 2000, phone="90 44 44 01", fields=fields)
    again = pay(client, project.short_code, 2000, phone="90 44 44 01", fields=fields)
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert _payments() == 1
    run_jobs()
    assert len(run_jobs().queues[0].get_job_ids()) == 0


def test_simultaneous_double_tap_over_http_starts_one_payment(project, live_server):
    with httpx.Client(base_url=live_server.url, timeout=10) as browser:
        fields = form_fields(browser, project.short_code)
        data = {**fields, "amount": "1500", "phone": "90 44 44 02", "pay_by": "mobile", "operator": "auto"}
        answers = []

        def tap():
            answers.append(browser.post(f"/projets/{project.short_code}/contribuer", data=data))

        taps = [threading.Thread(target=tap) for _ in range(4)]
        for t in taps:
            t.start()
        for t in taps:
            t.join()
    assert {a.status_code for a in answers} == {303}
    assert len({a.headers["location"] for a in answers}) == 1
    assert _payments() == 1


def test_fourth_request_to_one_number_within_the_hour_is_refused_with_the_reason(client, project):
    for _ in range(3):  # the same request again: the payer confirms each time ("again")
        assert pay(client, project.short_code, 1000, phone="90 44 44 03", again="1").status_code == 303
    refused = pay(client, project.short_code, 1000, phone="90 44 44 03", name="Ama", again="1")
    assert refused.status_code == 429
    assert "déjà reçu 3 demandes de paiement" in refused.text
    assert re.search(r"réessayez dans (59|60) minutes\.", refused.text)
    assert 3540 <= int(refused.headers["Retry-After"]) <= 3601
    assert 'value="90 44 44 03"' in refused.text and 'value="Ama"' in refused.text
    client.set_cookie("lang", "en")
    refused = pay(client, project.short_code, 1000, phone="90 44 44 03", again="1")
    assert "already received 3 payment requests in the last hour" in refused.text
    assert re.search(r"try again in (59|60) minutes\.", refused.text)
    assert pay(client, project.short_code, 1000, phone="90 44 44 04").status_code == 303
    assert _payments() == 4


def test_requests_per_address_are_limited_too(client, project, payments_app):
    payments_app.config["PAYMENT_LIMIT_PER_IP"] = 2
    for n in range(2):
        assert pay(client, project.short_code, 1000, phone=f"90 44 45 0{n}").status_code == 303
    refused = pay(client, project.short_code, 1000, phone="90 44 45 09")
    assert refused.status_code == 429 and "cette connexion" in refused.text


def test_simultaneous_requests_to_one_number_get_three_prompts_in_all(project, live_server):
    with httpx.Client(base_url=live_server.url, timeout=30) as browser:
        forms = [{**form_fields(browser, project.short_code), "amount": "1000", "phone": "90 44 46 01",
                  "pay_by": "mobile", "operator": "auto", "again": "1"} for _ in range(8)]
        start, answers = threading.Barrier(len(forms)), []

        def tap(form):
            start.wait()
            answers.append(browser.post(f"/projets/{project.short_code}/contribuer", data=form).status_code)

        taps = [threading.Thread(target=tap, args=(form,)) for form in forms]
        for t in taps:
            t.start()
        for t in taps:
            t.join()
    assert sorted(answers) == [303] * 3 + [429] * 5
    assert _payments() == 3


def test_a_neighbourhood_behind_one_address_can_still_pay(client, project):
    for n in range(12):  # twelve phones behind the operator's NAT, none paid yet
        assert pay(client, project.short_code, 1000, phone=f"90 44 47 {n:02d}").status_code == 303


def test_bad_amount_and_number_are_explained_and_kept(client, project):
    response = pay(client, project.short_code, "50", phone="12 34")
    assert response.status_code == 422
    assert "entre 100 et 1 000 000 FCFA" in response.text.replace("\u202f", " ").replace("\xa0", " ")
    assert 'value="12 34"' in response.text and 'value="50"' in response.text
    assert "numéro de mobile" in response.text
    too_much = pay(client, project.short_code, "2000000", phone="90 44 44 05")
    assert too_much.status_code == 422
    assert _payments() == 0


def test_operator_is_detected_and_can_be_overridden(client, project):
    flooz = payment_for(pay(client, project.short_code, 1000, phone="97 44 44 06"))
    tmoney = payment_for(pay(client, project.short_code, 1000, phone="97 44 44 07", operator="tmoney"))
    assert (flooz.method, tmoney.method) == ("flooz", "tmoney")
    assert flooz.phone == "+22897444406"


def test_payment_started_while_redis_is_down_is_kept_and_swept_later(client, project, payments_app, runner,
                                                                     simulator):
    working = payments_app.config["REDIS_URL"]
    point_redis(payments_app, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    response = pay(client, project.short_code, 2500, phone="90 44 44 01")
    assert response.status_code == 303
    payment = payment_for(response)
    assert payment.status == "created"
    assert "veuillez patienter" in client.get(response.headers["Location"]).text

    point_redis(payments_app, working)
    assert runner.invoke(args=["payments", "reconcile", "--all"]).exit_code == 0
    assert refreshed(payment).status == "awaiting_payer"
    assert simulator.transaction(payment.reference) is not None


def test_provider_without_keys_is_not_offered(client, project, payments_app):
    payments_app.config["PAYDUNYA_MASTER_KEY"] = ""
    form = client.get(f"/projets/{project.short_code}/contribuer").text
    assert 'value="card"' not in form
    refused = pay(client, project.short_code, 1000, pay_by="card")
    assert refused.status_code == 422 and "carte n’est pas disponible" in refused.text
    assert _payments() == 0
