"""Contributing from the SMS link /p/<code>: no JavaScript, a receipt by SMS, clear refusals."""
import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.funding.models import Contribution, Project, ProjectFollower, Reward
from app.sms.models import SmsMessage
from app.sms.segments import count_segments
from tests.factories import make_project
from tests.payments.conftest import form_fields, pay, workers
from tests.wire import ACCEPT, wire_bytes

THANKS = "text=Merci ! Votre contribution est bien reçue."


@pytest.mark.browser
def test_contribution_from_the_sms_page_without_javascript_sends_a_receipt(browser, live_server, payments_app,
                                                                          simulator, run_jobs):
    project = make_project(code="SMSP1", title="Saison des pluies", goal=500_000,
                           rewards=[("Merci au générique", 1000, None)])
    db.session.commit()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/p/smsp1")
        page.check("input[name=preset][value='2000']")
        page.fill("#phone", "90 31 31 01")  # the simulated payer approves at once
        page.fill("#name", "Kafui")
        page.select_option("#reward", label="Merci au générique (à partir de 1 000 FCFA)")
        page.check("input[name=follow]")
        page.click("#pay button")
        page.wait_for_url("**/paiements/*")
        with workers(payments_app, count=1, forking=False):
            page.wait_for_selector(THANKS, timeout=20_000)
    finally:
        context.close()
    run_jobs()  # sends the SMS queued by the credit
    db.session.expire_all()
    contribution = db.session.scalars(select(Contribution)).one()
    assert (contribution.status, contribution.amount_fcfa, contribution.display_name) == ("succeeded", 2000, "Kafui")
    assert db.session.get(Reward, contribution.reward_id).claimed_count == 1
    [receipt] = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == "receipt")).all()
    assert receipt.to_phone == "+22890313101" and receipt.status == "sent"
    assert receipt.body.startswith("Merci ! 2 000 FCFA pour Saison des pluies recus. Ref ")
    assert receipt.body.endswith("/p/SMSP1")
    assert count_segments(receipt.body).count == 1
    assert db.session.scalars(select(ProjectFollower.phone)).all() == ["+22890313101"]
    db.session.refresh(project)
    assert (project.raised_fcfa, project.contributors_count) == (2000, 1)


def test_sms_page_with_its_form_fits_in_10_kb_without_cache(client, payments_app, app):
    make_project(code="SMSP2", pitch="Six épisodes tournés à Lomé avec les acteurs du quartier, " * 4,
                 rewards=[("Merci au générique", 1000, None), ("Affiche", 5000, 50), ("Avant-première", 20000, 20)])
    db.session.commit()
    response = client.get("/p/SMSP2", headers=ACCEPT)
    html = response.get_data()
    page = client.get("/p/SMSP2").get_data(as_text=True)
    assert 'id="pay"' in page and "<script" not in page and "<img" not in page
    css = client.get(app.extensions["assets"].url_for("css/app.css"), headers=ACCEPT)
    assert wire_bytes(response) + wire_bytes(css) <= 10 * 1024, (len(html), wire_bytes(css))


def test_invalid_amount_and_short_reward_say_why_and_charge_nothing(client, payments_app):
    project = make_project(code="SMSP3", rewards=[("Affiche", 5000, 50)])
    db.session.commit()
    response = pay(client, "SMSP3", "deux mille", phone="90 31 31 01")
    assert response.status_code == 422 and "Indiquez un montant entier" in response.get_data(as_text=True)
    reward_id = str(project.rewards[0].id)
    response = pay(client, "SMSP3", 1000, phone="90 31 31 01", reward=reward_id, message="Bravo")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Cette contrepartie demande au moins 5\u202f000 FCFA" in page
    assert "Bravo" in page  # what was typed comes back
    assert db.session.scalars(select(Contribution)).all() == []


def test_ended_project_and_unknown_code_are_refused_clearly(client, payments_app):
    make_project(code="SMSP4")
    db.session.commit()
    fields = form_fields(client, "SMSP4")
    ended = db.session.scalars(select(Project).where(Project.short_code == "SMSP4")).one()
    ended.status = "funded"
    db.session.commit()
    response = pay(client, "SMSP4", 2000, phone="90 31 31 01", fields=fields)
    assert response.status_code == 409
    assert "Ce projet ne collecte plus de fonds." in response.get_data(as_text=True)
    assert "Ce projet ne collecte plus de fonds." in client.get("/p/SMSP4").get_data(as_text=True)
    assert client.get("/p/NOPE42").status_code == 404
    assert client.post("/projets/NOPE42/contribuer", data=fields).status_code in (400, 404)
    assert db.session.scalars(select(Contribution)).all() == []


def test_limited_reward_is_never_over_allocated_under_concurrent_contributions(client, payments_app, simulator,
                                                                               run_jobs):
    project = make_project(code="SMSP5", goal=1_000_000, rewards=[("Avant-première", 5000, 3)])
    db.session.commit()
    reward_id = str(project.rewards[0].id)
    responses = []

    def contribute(i):
        from tests.conftest import FreshContextClient

        own = FreshContextClient(payments_app, use_cookies=True)
        with payments_app.app_context():
            responses.append(pay(own, "SMSP5", 5000, phone=f"90 4{i} 00 01", reward=reward_id))

    threads = [threading.Thread(target=contribute, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in responses].count(303) == 8
    for _ in range(3):
        run_jobs()
    db.session.expire_all()
    from tests.payments.conftest import fast_forward

    for _ in range(10):
        fast_forward(payments_app)
        run_jobs()
    db.session.expire_all()
    succeeded = db.session.scalars(select(Contribution).where(Contribution.status == "succeeded")).all()
    assert len(succeeded) == 8
    assert sum(1 for c in succeeded if c.reward_id is not None) == 3
    assert db.session.get(Reward, int(reward_id)).claimed_count == 3
    assert db.session.get(Project, project.id).raised_fcfa == 40_000
