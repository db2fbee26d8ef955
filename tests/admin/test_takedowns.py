"""Taking down after approval, through the provider simulator over real HTTP: a suspended
project takes no money at once, credits what was already started and keeps it; a cancelled one
refunds everyone; contributors and the team are told by SMS; disabling a member suspends their
live projects."""
import httpx
from sqlalchemy import select

from app.extensions import db
from app.funding.models import Contribution, Project
from app.payments.models import Payment, PaymentEvent
from app.sms.models import SmsMessage
from tests.factories import log_in, make_film, make_project
from tests.payments.conftest import pay, payment_for, refreshed, wait_until


def _decide(admin_client, path, **data):
    page = admin_client.get("/admin/retraits").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return admin_client.post(path, data={"csrf_token": token, "confirmed": "1", **data})


def _sms(kind):
    db.session.expire_all()
    return db.session.scalars(select(SmsMessage).where(SmsMessage.kind.like(kind)).order_by(SmsMessage.to_phone)).all()


def _project(project_id):
    db.session.expire_all()
    return db.session.get(Project, project_id)


def _paid(client, drain, code, amount, phone):
    payment = payment_for(pay(client, code, amount, phone=phone))  # "...01": the payer approves at once
    assert drain(lambda: refreshed(payment).status == "succeeded")
    return payment


def test_a_suspended_project_refuses_money_and_credits_what_was_already_started(
        app, client, payments_app, simulator, drain, run_jobs, runner, admin, filmmaker):
    project = make_project(code="SUSP1", goal=1_000_000, owner_id=filmmaker.id, title="Les Pirogues")
    db.session.commit()
    _paid(client, drain, "SUSP1", 2000, "90 61 61 01")
    started = payment_for(pay(client, "SUSP1", 3000, phone="90 61 62 11"))  # the payer has not answered yet
    run_jobs()
    assert refreshed(started).status == "awaiting_payer"

    admin_client = app.test_client()
    log_in(admin_client, admin)
    response = _decide(admin_client, f"/admin/projets/{project.id}/retrait", action="suspend",
                       reason="Droits de la musique à vérifier.")
    assert response.status_code == 303 and _project(project.id).status == "suspended"

    refused = pay(client, "SUSP1", 5000, phone="90 61 63 01")
    assert refused.status_code == 409 and "ne collecte plus" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Payment).where(Payment.amount_fcfa == 5000)) is None

    simulator.answer("paygate", started.reference)  # the payer approves after the suspension
    wait_until(lambda: db.session.scalar(select(PaymentEvent.id).where(PaymentEvent.payment_id == started.id,
                                                                       PaymentEvent.kind == "callback")) is not None,
               message="the callback")
    run_jobs()
    assert refreshed(started).status == "succeeded"
    assert db.session.get(Contribution, started.contribution_id).status == "succeeded"
    assert (_project(project.id).raised_fcfa, _project(project.id).contributors_count) == (5000, 2)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0

    told = [(m.to_phone, m.body) for m in _sms("takedown:suspend:%")]
    assert told == [("+22890616101", "Karangou : la collecte Les Pirogues est suspendue. Votre don de 2 000 FCFA "
                                     "reste enregistree ; nous vous tiendrons informe."),
                    ("+22890616211", "Karangou : la collecte Les Pirogues est suspendue. Votre don de 3 000 FCFA "
                                     "reste enregistree ; nous vous tiendrons informe.")]
    [team] = [m for m in _sms("decision:%") if m.to_phone == filmmaker.phone]
    assert "est suspendue" in team.body and all(m.segments == 1 for m in _sms("takedown:%"))

    _decide(admin_client, f"/admin/projets/{project.id}/retrait", action="reinstate")
    run_jobs()
    assert _project(project.id).status == "live" and len(_sms("takedown:reinstate:%")) == 2
    assert pay(client, "SUSP1", 1000, phone="90 61 64 01").status_code == 303


def test_a_cancelled_project_refunds_every_contribution_and_tells_the_contributors(
        app, client, payments_app, simulator, drain, run_jobs, runner, admin, filmmaker):
    project = make_project(code="CANC1", goal=1_000_000, owner_id=filmmaker.id, title="Le Fleuve")
    db.session.commit()
    first = _paid(client, drain, "CANC1", 2000, "90 71 71 01")
    second = _paid(client, drain, "CANC1", 4000, "99 71 72 01")
    admin_client = app.test_client()
    log_in(admin_client, admin)
    assert _decide(admin_client, f"/admin/projets/{project.id}/retrait", action="cancel",
                   reason="Projet frauduleux.").status_code == 303
    run_jobs()
    cancelled = _project(project.id)
    assert cancelled.status == "cancelled" and cancelled.raised_fcfa == 0 and cancelled.takedown_reason
    for payment in (first, second):
        assert refreshed(payment).status == "refunded"
        assert db.session.get(Contribution, payment.contribution_id).status == "refunded"
    payouts = httpx.get(f"{simulator.url}/paygate/payouts", timeout=10).json()
    assert sorted(v["amount"] for k, v in payouts.items()
                  if k in (f"refund-{first.reference}", f"refund-{second.reference}")) == [2000, 4000]
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0
    assert [m.body for m in _sms("takedown:cancel:%")] == [
        "Karangou : la collecte Le Fleuve est annulee. Vos 2 000 FCFA vous sont rembourses sur votre compte mobile money.",
        "Karangou : la collecte Le Fleuve est annulee. Vos 4 000 FCFA vous sont rembourses sur votre compte mobile money."]
    assert client.get("/projets/CANC1/contribuer").status_code == 404  # no longer public


def test_a_take_down_needs_a_reason_and_a_confirmation(app, client, admin, filmmaker):
    project = make_project(code="SUSP2", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, admin)
    page = client.get("/admin/retraits").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    asked = client.post(f"/admin/projets/{project.id}/retrait", data={"csrf_token": token, "action": "suspend",
                                                                       "reason": "Plainte reçue."})
    assert asked.status_code == 200 and "Confirmer : Projet suspendu" in asked.get_data(as_text=True)
    assert "Plainte reçue." in asked.get_data(as_text=True) and _project(project.id).status == "live"
    empty = client.post(f"/admin/projets/{project.id}/retrait", data={"csrf_token": token, "action": "suspend",
                                                                       "reason": " ", "confirmed": "1"})
    assert empty.status_code == 422 and "Indiquez le motif" in empty.get_data(as_text=True)
    assert _project(project.id).status == "live"


def test_disabling_a_member_suspends_their_live_projects(app, client, admin, filmmaker):
    live = make_project(code="DIS1", owner_id=filmmaker.id)
    draft = make_project(code="DIS2", owner_id=filmmaker.id, status="draft")
    db.session.commit()
    log_in(client, admin)
    page = client.get("/admin/membres").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    asked = client.post(f"/admin/membres/{filmmaker.id}", data={"csrf_token": token, "disabled": "1"})
    assert "ses projets en ligne sont suspendus" in asked.get_data(as_text=True)
    assert _project(live.id).status == "live"
    client.post(f"/admin/membres/{filmmaker.id}", data={"csrf_token": token, "disabled": "1", "confirmed": "1"})
    assert _project(live.id).status == "suspended" and _project(draft.id).status == "draft"
    assert _project(live.id).takedown_reason == "Le compte de l’équipe a été désactivé."
    assert "Suspendu : ce projet ne reçoit plus" in client.get("/projets/DIS1").get_data(as_text=True)


def test_a_withdrawn_film_stops_playing_and_can_be_reinstated(app, client, admin, filmmaker):
    film = make_film(owner_id=filmmaker.id, title="Harmattan")
    db.session.commit()
    log_in(client, admin)
    _decide(client, f"/admin/films/{film.id}/retrait", action="withdraw", reason="Plainte pour droits.")
    db.session.expire_all()
    assert client.get(f"/films/{film.slug}").status_code == 404
    assert [m.body for m in _sms("decision:%")][0].startswith('Karangou : le film "Harmattan" est retire du catalogue.')
    _decide(client, f"/admin/films/{film.id}/retrait", action="reinstate")
    assert client.get(f"/films/{film.slug}").status_code == 200


def test_a_payment_approved_after_the_cancellation_is_refunded(
        app, client, payments_app, simulator, drain, run_jobs, runner, admin, filmmaker):
    project = make_project(code="CANC2", goal=1_000_000, owner_id=filmmaker.id)
    db.session.commit()
    started = payment_for(pay(client, "CANC2", 3000, phone="90 81 81 11"))  # the payer has not answered yet
    run_jobs()
    admin_client = app.test_client()
    log_in(admin_client, admin)
    _decide(admin_client, f"/admin/projets/{project.id}/retrait", action="cancel", reason="Projet frauduleux.")
    run_jobs()
    simulator.answer("paygate", started.reference)  # approved after the cancellation
    assert drain(lambda: refreshed(started).status == "refunded")
    assert db.session.get(Contribution, started.contribution_id).status == "refunded"
    assert _project(project.id).raised_fcfa == 0
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0
