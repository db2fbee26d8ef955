"""Invitations to a film's or a project's team: the SMS, accepting once, dead links, strangers."""
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from app.catalog.models import Credit, Person
from app.extensions import db
from app.sms.models import SmsMessage
from app.teams.models import Invitation, ProjectCredit
from app.timeutil import utcnow
from tests.accounts.forms import last_code
from tests.factories import log_in, make_person, make_project, make_user
from tests.teams.conftest import csrf, invite, link_in, post


def test_an_invitation_with_a_phone_sends_one_sms_segment_with_the_link(client, team, run_jobs):
    log_in(client, team["filmmaker"])
    response = invite(client, team["path"], phone="90 11 12 22", character="Yawa")
    assert response.status_code == 303 and response.location.endswith(team["path"])
    page = client.get(team["path"]).get_data(as_text=True)
    link = link_in(page)
    assert "Invitation créée" in page and "En attente de réponse" in page and "https://wa.me/?text=" in page
    run_jobs()
    sms = db.session.scalars(select(SmsMessage)).one()
    assert (sms.to_phone, sms.segments, sms.encoding, sms.status) == ("+22890111222", 1, "gsm7", "sent")
    assert sms.body == f'Afi vous invite dans l\'équipe de "La lagune" (Interprétation) sur Karangou : http://127.0.0.1:5000{link}'


def test_an_accepted_invitation_shows_in_the_film_credits_and_on_the_member_profile(client, team, invitation_link):
    log_in(client, team["member"])
    page = client.get(invitation_link).get_data(as_text=True)
    assert "Afi invite Ama Koffi dans l’équipe de « La lagune » comme Interprétation." in page
    assert post(client, invitation_link, {"answer": "accept"}).status_code == 303
    assert "Bienvenue dans l’équipe" in client.get(invitation_link).get_data(as_text=True)
    film_page = client.get(f"/films/{team['film'].slug}").get_data(as_text=True)
    assert f'href="/membres/{team["member"].id}"' in film_page and "(Yawa)" in film_page
    profile = client.get(f"/membres/{team['member'].id}").get_data(as_text=True)
    assert "La lagune" in profile and "Interprétation (Yawa)" in profile


def test_accepting_twice_credits_the_member_once(client, team, invitation_link):
    log_in(client, team["member"])
    token = csrf(client, invitation_link)
    for _ in range(2):  # the second click from the page still open
        assert client.post(invitation_link, data={"answer": "accept", "csrf_token": token}).status_code == 303
    credits = db.session.scalars(select(Credit).where(Credit.film_id == team["film"].id, Credit.role == "actor")).all()
    assert [(c.person.user_id, c.character_name) for c in credits] == [(team["member"].id, "Yawa")]


def test_two_tabs_accepting_at_the_same_moment_credit_the_member_once(app, team, invitation_link):
    tabs = [app.test_client() for _ in range(2)]
    tokens = []
    for tab in tabs:
        log_in(tab, team["member"])
        tokens.append(csrf(tab, invitation_link))
    together = threading.Barrier(2)

    def accept(tab, token):
        with app.app_context():
            together.wait()
            return tab.post(invitation_link, data={"answer": "accept", "csrf_token": token}).status_code

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(accept, tabs, tokens)) == [303, 303]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Credit.id)).where(Credit.role == "actor")) == 1
    assert db.session.scalar(select(func.count(Person.id)).where(Person.user_id == team["member"].id)) == 1


def test_expired_revoked_and_used_links_say_so_in_french_and_credit_nobody(client, team, invitation_link):
    invitation = db.session.scalars(select(Invitation)).one()
    other = make_user(display_name="Kossi")
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    log_in(client, other)
    page = client.get(invitation_link)
    assert page.status_code == 200 and "Cette invitation a expiré" in page.get_data(as_text=True)
    assert 'name="answer"' not in page.get_data(as_text=True)
    invitation.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    log_in(client, team["filmmaker"])
    revoke = f"/studio/invitations/{invitation.id}/revoquer"
    assert post(client, revoke, {}, form_path=team["path"]).status_code == 303
    log_in(client, other)
    assert "L’équipe a retiré cette invitation" in client.get(invitation_link).get_data(as_text=True)
    assert client.post(invitation_link, data={"answer": "accept"}).status_code in (303, 400)
    invitation.status = "accepted"
    db.session.commit()
    assert "Cette invitation a déjà été acceptée" in client.get(invitation_link).get_data(as_text=True)
    assert db.session.scalar(select(func.count(Credit.id)).where(Credit.role == "actor")) == 0
    assert client.get("/invitations/" + "x" * 32).status_code == 404


def test_a_stranger_signs_up_and_lands_back_on_the_invitation(client, team, invitation_link):
    page = client.get(invitation_link).get_data(as_text=True)
    sign_up = f"/inscription?next={invitation_link}"
    assert f'href="{sign_up}"' in page
    assert post(client, sign_up, {"phone": "93 44 55 66", "display_name": "Yao"}).status_code == 303
    response = post(client, "/inscription/code", {"code": last_code("+22893445566"), "password": "mot-de-passe"})
    assert response.status_code == 303 and response.location.endswith(invitation_link)
    assert post(client, invitation_link, {"answer": "accept"}).status_code == 303
    assert db.session.scalars(select(Credit).where(Credit.role == "actor")).one().person.name == "Yao"


def test_a_project_invitation_puts_the_member_in_the_project_team_on_their_profile(client, team):
    project = make_project(code="EQUIPE1", owner_id=team["filmmaker"].id, title="Le prochain")
    db.session.commit()
    log_in(client, team["filmmaker"])
    path = f"/studio/projets/{project.id}/equipe"
    assert invite(client, path, role="sound").status_code == 303
    link = link_in(client.get(path).get_data(as_text=True))
    log_in(client, team["member"])
    assert post(client, link, {"answer": "accept"}).status_code == 303
    assert db.session.scalars(select(ProjectCredit)).one().role == "sound"
    profile = client.get(f"/membres/{team['member'].id}").get_data(as_text=True)
    assert "Le prochain" in profile and "Son" in profile


def test_a_refused_invitation_form_answers_422_with_what_was_typed(client, team):
    log_in(client, team["filmmaker"])
    response = invite(client, team["path"], name="Kafui Zé", phone="12", character="Dédé")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Kafui Zé"' in page and 'value="12"' in page
    assert 'value="Dédé"' in page and db.session.scalars(select(Invitation)).all() == []


def test_the_line_the_team_typed_becomes_the_member_s_and_is_not_doubled(client, team, invitation_link):
    team["film"].credits.append(Credit(person=make_person("Ama Koffi"), role="actor", position=1,
                                       character_name="Yawa"))
    db.session.commit()
    log_in(client, team["member"])
    assert post(client, invitation_link, {"answer": "accept"}).status_code == 303
    actors = db.session.scalars(select(Credit).where(Credit.role == "actor")).all()
    assert [(c.person.name, c.person.user_id) for c in actors] == [("Ama Koffi", team["member"].id)]


def test_a_person_linked_to_another_member_is_never_taken(client, team, invitation_link):
    other = make_user(display_name="Ama l'autre")
    namesake = make_person("Ama Koffi")
    namesake.user_id = other.id
    team["film"].credits.append(Credit(person=namesake, role="actor", position=1))
    db.session.commit()
    log_in(client, team["member"])
    assert post(client, invitation_link, {"answer": "accept"}).status_code == 303
    actors = db.session.scalars(select(Credit).where(Credit.role == "actor").order_by(Credit.position)).all()
    assert [c.person.user_id for c in actors] == [other.id, team["member"].id]
