"""What a payer reads and can do at each turn: amounts, a silent operator, a late approval,
two tabs, trying again, the receipt's reference, the success page. Without JavaScript."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.payments.models import Payment
from app.timeutil import utcnow
from tests.payments.conftest import form_fields, pay, payment_for, refreshed
from tests.payments.test_admin_and_pages import _log_in


def _plain(text):
    """Babel's French thousands separator is a narrow no-break space; compare with plain ones."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _count():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Payment))


@pytest.mark.parametrize("typed", ["500.00", "10.5", "1 000,50"])
def test_decimal_amounts_are_refused_in_both_languages_and_kept(client, project, typed):
    refused = pay(client, project.short_code, typed, phone="90 61 61 01")
    assert refused.status_code == 422
    assert "Les montants sont en FCFA entiers" in refused.text and f'value="{typed}"' in refused.text
    client.set_cookie("lang", "en")
    assert "Amounts are in whole FCFA" in pay(client, project.short_code, typed, phone="90 61 61 01").text
    assert _count() == 0


@pytest.mark.parametrize("typed", ["1500", "1 500", "1.500", "1\u00a0500", "1\u202f500"])
def test_thousands_separators_are_accepted(client, project, typed):
    payment = payment_for(pay(client, project.short_code, typed, phone="90 61 62 01"))
    assert payment.amount_fcfa == 1500


def test_a_silent_operator_is_named_after_a_while_with_a_retry_keeping_the_form(client, project, run_jobs,
                                                                                 payments_app):
    payments_app.config["PAYMENT_LIMIT_PER_IP"] = 100
    response = pay(client, project.short_code, 2300, phone="90 61 63 08", name="Kossi")  # the provider answers 500
    payment = payment_for(response)
    run_jobs()
    page = client.get(response.headers["Location"]).text
    assert refreshed(payment).status == "created" and "veuillez patienter" in page
    db.session.execute(update(Payment).where(Payment.id == payment.id)
                       .values(created_at=utcnow() - timedelta(seconds=100)))
    db.session.commit()
    page = client.get(f"/paiements/{payment.short_code}").text
    assert "L’opérateur ne répond pas" in page and 'hx-trigger="every 3s"' in page
    retry = re.search(r'href="([^"]*reessayer=[^"&]+)"', page).group(1)
    form = client.get(retry).text
    assert 'value="+22890616308"' in form and 'value="2300"' in form and 'value="Kossi"' in form
    client.set_cookie("lang", "en")
    assert "The operator is not answering" in client.get(f"/paiements/{payment.short_code}").text


def test_an_expired_payment_is_not_confirmed_yet_and_its_page_shows_the_late_approval(
        client, project, payments_app, drain, simulator, run_jobs):
    payments_app.config["PAYMENT_EXPIRY_SECONDS"] = 2
    payment = payment_for(pay(client, project.short_code, 3100, phone="90 61 64 03"))  # never answers…
    assert drain(lambda: refreshed(payment).is_final)
    page = client.get(f"/paiements/{payment.short_code}").text
    assert refreshed(payment).status == "expired"
    assert "pas encore confirmé" in page and "aucun argent" not in page.lower()
    assert 'hx-get="/paiements/' in page and 'http-equiv="refresh"' in page  # still checking, with or without JS
    simulator.answer("paygate", payment.reference)  # …until it does, late
    assert drain(lambda: refreshed(payment).status == "succeeded")
    page = client.get(f"/paiements/{payment.short_code}").text
    assert "Merci" in page and "hx-get" not in page


def test_an_expired_payment_page_stops_checking_after_a_while(client, project, payments_app, drain):
    payments_app.config["PAYMENT_EXPIRY_SECONDS"] = 2
    payment = payment_for(pay(client, project.short_code, 3200, phone="90 61 65 03"))
    assert drain(lambda: refreshed(payment).is_final)
    db.session.execute(update(Payment).where(Payment.id == payment.id)
                       .values(finished_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    page = client.get(f"/paiements/{payment.short_code}").text
    assert "pas encore confirmé" in page and "hx-get" not in page and "reçu par SMS" in page


def test_an_identical_request_from_a_second_tab_asks_before_charging_again(client, project, drain, simulator):
    first_tab, second_tab = form_fields(client, project.short_code), form_fields(client, project.short_code)
    payment = payment_for(pay(client, project.short_code, 1212, phone="90 61 66 01", fields=first_tab))
    assert drain(lambda: refreshed(payment).status == "succeeded")
    asked = pay(client, project.short_code, 1212, phone="90 61 66 01", fields=second_tab, name="Ama")
    assert asked.status_code == 409
    assert "Vous venez de contribuer 1 212 FCFA — contribuer à nouveau ?" in _plain(asked.text)
    assert 'value="Ama"' in asked.text and 'name="again" value="1"' in asked.text and _count() == 1
    other_amount = pay(client, project.short_code, 1000, phone="90 61 66 01")
    assert other_amount.status_code == 303 and _count() == 2
    confirmed = pay(client, project.short_code, 1212, phone="90 61 66 01", fields=second_tab, again="1")
    assert confirmed.status_code == 303 and _count() == 3


def test_a_pending_twin_is_named_as_waiting(client, project):
    pay(client, project.short_code, 1400, phone="90 61 67 03")
    asked = pay(client, project.short_code, "1 400", phone="90616703")
    assert asked.status_code == 409 and "attend encore sa réponse" in asked.text


def test_after_a_decline_try_again_fills_the_form_for_this_browser_only(client, project, drain, app):
    payment = payment_for(pay(client, project.short_code, 2700, phone="90 61 68 02", name="Afi", follow="1"))
    assert drain(lambda: refreshed(payment).status == "failed")
    page = client.get(f"/paiements/{payment.short_code}").text
    assert "Réessayer" in page
    retry = re.search(r'href="([^"]*reessayer=[^"&]+)"', page).group(1)
    form = client.get(retry).text
    assert 'value="+22890616802"' in form and 'value="2700"' in form and 'value="Afi"' in form
    assert 'name="follow" value="1" checked' in form
    stranger = app.test_client().get(retry).text
    assert 'value="2700"' in stranger and "90616802" not in stranger and "Afi" not in stranger


def test_the_receipt_reference_in_capitals_opens_the_payment_and_finds_it_in_the_back_office(client, project):
    payment = payment_for(pay(client, project.short_code, 1800, phone="90 61 69 03"))
    other = payment_for(pay(client, project.short_code, 1900, phone="90 61 70 03"))
    assert client.get(f"/paiements/{payment.short_code.upper()}").status_code == 200
    _log_in(client, "admin")
    found = client.get(f"/admin/paiements?ref={payment.short_code.upper()}").text
    latest = found.split("<h2>", 2)[2]  # after the stuck payments
    assert f"/admin/paiements/{payment.id}\"" in latest and f"/admin/paiements/{other.id}\"" not in latest
    detail = client.get(f"/admin/paiements/{payment.id}").text
    assert f'href="/projets/{project.short_code}"' in detail and payment.short_code.upper() in detail


def test_the_success_page_names_the_receipt_the_reference_the_new_total_and_sharing(client, project, drain):
    payment = payment_for(pay(client, project.short_code, 2500, phone="90 61 71 01"))
    assert drain(lambda: refreshed(payment).status == "succeeded")
    page = _plain(client.get(f"/paiements/{payment.short_code}").text)
    assert "Votre reçu arrive par SMS" in page and f"Référence : {payment.short_code.upper()}" in page
    assert "a maintenant récolté 2 500 FCFA sur 500 000 FCFA" in page
    assert re.search(r'Partager :</span> <a class="button" href="https://wa.me/\?text=Soutenez[^"]+" rel="noopener">WhatsApp</a>'
                     r' <a class="button" href="sms:\?body=Soutenez[^"]+">SMS</a>', page)
    client.set_cookie("lang", "en")
    page = client.get(f"/paiements/{payment.short_code}").text
    assert "Your receipt is on its way by SMS" in page and "Share:</span>" in page
    assert 'href="https://wa.me/?text=Support%20' in page


def test_payment_pages_stay_light_with_the_new_messages(client, project, drain):
    from tests.wire import ACCEPT, wire_bytes

    payment = payment_for(pay(client, project.short_code, 2600, phone="90 61 72 01"))
    assert drain(lambda: refreshed(payment).status == "succeeded")
    asked = pay(client, project.short_code, 2600, phone="90 61 72 01")
    for response in (client.get(f"/paiements/{payment.short_code}", headers=ACCEPT), asked):
        assert wire_bytes(response) <= 14 * 1024
