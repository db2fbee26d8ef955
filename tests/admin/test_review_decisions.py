"""Review decisions: asked twice (a confirmation page, no script needed), told to the team by
SMS (and e-mail), their message shown in the studio, the answer due 7 days after submission."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.funding.models import Project
from app.mail.models import EmailMessage
from app.sms.models import SmsMessage
from app.timeutil import utcnow
from tests.factories import approve_creator, log_in, make_film, make_project, make_user


@pytest.fixture
def filmmaker(app):
    user = make_user("filmmaker", display_name="Afi", email="afi@example.tg")
    db.session.commit()
    return user


def _token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sms_to(phone):
    db.session.expire_all()
    return db.session.scalars(select(SmsMessage).where(SmsMessage.to_phone == phone).order_by(SmsMessage.id)).all()


def test_a_decision_shows_a_confirmation_page_before_it_is_taken(client, admin, filmmaker):
    project = make_project(status="submitted", owner_id=filmmaker.id, title="Saison sèche", submitted_at=utcnow())
    db.session.commit()
    log_in(client, admin)
    token = _token(client.get("/admin/").get_data(as_text=True))
    first = client.post(f"/admin/projets/{project.id}/decision",
                        data={"decision": "send_back", "comment": "Le budget manque.", "csrf_token": token})
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and "Confirmer : Projet renvoyé à l’équipe" in page
    assert 'name="confirmed" value="1"' in page and "Le budget manque." in page and "Oui, confirmer" in page
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "submitted" and _sms_to(filmmaker.phone) == []

    second = client.post(f"/admin/projets/{project.id}/decision",
                         data={"decision": "send_back", "comment": "Le budget manque.", "confirmed": "1",
                               "csrf_token": _token(page)})
    assert second.status_code == 303
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "changes_requested"


def test_a_refused_confirmation_keeps_what_was_typed(client, admin, filmmaker):
    project = make_project(status="submitted", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, admin)
    response = client.post(f"/admin/projets/{project.id}/decision",
                           data={"decision": "reject", "comment": "  ", "confirmed": "1",
                                 "csrf_token": _token(client.get("/admin/").get_data(as_text=True))})
    assert response.status_code == 422 and "Dites pourquoi le projet est refusé." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "submitted"


def test_sending_a_film_back_tells_the_team_by_sms_and_email_and_the_studio_shows_the_message(
        client, app, admin, filmmaker, run_jobs, smtp_inbox):
    film = make_film(status="in_review", owner_id=filmmaker.id, title="Lagune", video_status="ready",
                     submitted_at=utcnow())
    db.session.commit()
    log_in(client, admin)
    token = _token(client.get("/admin/").get_data(as_text=True))
    client.post(f"/admin/films/{film.id}/decision",
                data={"decision": "send_back", "comment": "Le son est trop bas à 12:40.", "confirmed": "1",
                      "csrf_token": token})
    run_jobs()
    [sms] = _sms_to(filmmaker.phone)
    assert sms.body == f'Karangou : "Lagune" vous est renvoye avec un message. Lisez-le : http://127.0.0.1:5000/studio/films/{film.id}'
    assert sms.segments == 1 and sms.status in ("sent", "delivered")
    [mail] = smtp_inbox.messages
    assert mail["To"] == "afi@example.tg" and mail["Subject"] == "Karangou : des nouvelles de « Lagune »"
    assert "Le son est trop bas à 12:40." in mail.get_content()
    assert db.session.scalar(select(EmailMessage.status)) == "sent"

    log_in(client, filmmaker)
    studio = client.get(f"/studio/films/{film.id}").get_data(as_text=True)
    assert "Message de l’équipe de relecture" in studio and "Le son est trop bas à 12:40." in studio
    assert db.session.get(Film, film.id).status == "rejected"


def test_approving_and_rejecting_projects_are_told_by_sms(client, admin, filmmaker):
    approved = make_project(status="submitted", owner_id=filmmaker.id, title="Le Puits")
    rejected = make_project(status="submitted", owner_id=filmmaker.id, title="Le Mur")
    approve_creator(filmmaker)
    db.session.commit()
    log_in(client, admin)
    token = _token(client.get("/admin/").get_data(as_text=True))
    client.post(f"/admin/projets/{approved.id}/decision", data={"decision": "approve", "confirmed": "1",
                                                                "csrf_token": token})
    client.post(f"/admin/projets/{rejected.id}/decision", data={"decision": "reject", "confirmed": "1",
                                                                "comment": "Hors charte.", "csrf_token": token})
    bodies = [m.body for m in _sms_to(filmmaker.phone)]
    assert bodies == [f'Karangou : votre projet "Le Puits" est en ligne. http://127.0.0.1:5000/studio/projets/{approved.id}',
                      f'Karangou : "Le Mur" n\'est pas retenu. Le motif : http://127.0.0.1:5000/studio/projets/{rejected.id}']
    assert db.session.get(Project, rejected.id).status == "rejected"
    log_in(client, filmmaker)
    page = client.get(f"/studio/projets/{rejected.id}").get_data(as_text=True)
    assert "Non retenu" in page and "Hors charte." in page and "Modifier" not in page


def test_the_queue_shows_the_answer_date_oldest_first_and_marks_the_overdue(client, admin, filmmaker):
    now = utcnow()
    make_project(status="submitted", owner_id=filmmaker.id, title="Récent", submitted_at=now - timedelta(days=1))
    make_project(status="submitted", owner_id=filmmaker.id, title="Ancien", submitted_at=now - timedelta(days=9))
    db.session.commit()
    log_in(client, admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert page.index("Ancien") < page.index("Récent")
    overdue = page[page.index("Ancien"):page.index("Récent")]
    assert "Réponse en retard depuis le" in overdue
    assert "Réponse attendue avant le" in page[page.index("Récent"):]


def test_the_studio_shows_the_date_the_answer_is_due(client, filmmaker):
    project = make_project(status="submitted", owner_id=filmmaker.id, submitted_at=utcnow() - timedelta(days=2))
    db.session.commit()
    log_in(client, filmmaker)
    page = client.get(f"/studio/projets/{project.id}").get_data(as_text=True)
    due = (utcnow() + timedelta(days=5)).day
    assert re.search(rf"L’équipe de relecture vous répond avant le {due} ", page)


def test_the_review_card_shows_everything_the_team_sent(client, admin, filmmaker):
    film = make_film(title="Court-métrage d'avant", owner_id=filmmaker.id)
    make_project(status="submitted", owner_id=filmmaker.id, film=film, funding_model="all_or_nothing",
                 showreel_url="https://vimeo.com/123", technical_sheet="Tournage en 4K, 12 jours.",
                 rewards=[("Affiche signée", 5000, 50)], submitted_at=utcnow())
    project = db.session.scalars(select(Project)).one()
    from app.funding.models import BudgetLine

    project.budget_lines = [BudgetLine(label="Tournage", amount_fcfa=1_200_000, position=0)]
    db.session.commit()
    log_in(client, admin)
    page = client.get("/admin/").get_data(as_text=True)
    for expected in ("Tout ou rien", "https://vimeo.com/123", "Tournage en 4K, 12 jours.", "Affiche signée",
                     "Tournage", "Court-métrage d'avant", "Afi", filmmaker.phone,
                     'id="documents-'):
        assert expected.replace("'", "&#39;") in page or expected in page, expected
    assert re.search(r"Tournage</td><td class=\"n\">1\W200\W000<", page)
    assert "all_or_nothing" not in page


def test_admin_pages_show_french_words_not_codes(client, admin, filmmaker):
    from app.admin import audit

    project = make_project(status="submitted", owner_id=filmmaker.id)
    audit.record(admin, "project.approve", "project", project.id)
    db.session.commit()
    log_in(client, admin)
    journal = client.get("/admin/journal").get_data(as_text=True)
    assert "Projet approuvé · projet #" in journal and "project.approve" not in journal
    payments = client.get("/admin/paiements").get_data(as_text=True)
    assert ">Réussi<" in payments and ">En attente du payeur<" in payments and ">succeeded<" not in payments
    members = client.get("/admin/membres").get_data(as_text=True)
    assert ">Cinéaste<" in members and ">filmmaker<" not in members


def test_the_review_queue_take_downs_and_confirmation_fit_the_page_budget(client, admin, filmmaker):
    from tests.wire import ACCEPT, wire_bytes

    long_text = "Une histoire de pêcheurs à Aného, de mères et de pirogues. " * 30
    for i in range(8):
        project = make_project(status="submitted" if i < 6 else "live", owner_id=filmmaker.id, synopsis=long_text,
                               title=f"Un projet de long métrage numéro {i}", technical_sheet=long_text,
                               showreel_url="https://vimeo.com/123456789", submitted_at=utcnow(),
                               rewards=[("Nom au générique", 1000, None), ("Affiche signée", 5000, 50)])
    make_film(status="in_review", owner_id=filmmaker.id, synopsis=long_text, submitted_at=utcnow())
    db.session.commit()
    log_in(client, admin)
    confirm = client.post(f"/admin/projets/{project.id}/retrait",
                          data={"action": "suspend", "reason": "Plainte.",
                                "csrf_token": _token(client.get("/admin/retraits").get_data(as_text=True))},
                          headers=ACCEPT)
    assert confirm.status_code == 200
    for path, response in (("/admin/", client.get("/admin/", headers=ACCEPT)),
                           ("/admin/retraits", client.get("/admin/retraits", headers=ACCEPT)),
                           ("confirm", confirm)):
        assert wire_bytes(response) <= 14 * 1024, (path, wire_bytes(response))


def test_the_confirmation_page_speaks_english_too(client, admin, filmmaker):
    project = make_project(status="submitted", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, admin)
    client.set_cookie("lang", "en")
    page = client.post(f"/admin/projets/{project.id}/decision",
                       data={"decision": "approve",
                             "csrf_token": _token(client.get("/admin/").get_data(as_text=True))}).get_data(as_text=True)
    assert "Confirm: Project approved" in page and "The team is told by SMS." in page and "Yes, confirm" in page
