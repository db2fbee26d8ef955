"""A film's or project's conversation without JavaScript: posting, the team's mark, the pinned
message, pages of history, reports, hiding, bans, the rate limit and SMS on team answers."""
import re

from sqlalchemy import select

from app.extensions import db
from app.sms.models import SmsMessage
from app.talk import alerts, conversations
from app.talk.models import Message, MessageReport
from tests.factories import log_in, make_project, make_user
from tests.talk.conftest import talk_url, token, write


def _message(body):
    return db.session.scalars(select(Message).where(Message.body == body)).one()


def _post(client, path, user, data, page):
    log_in(client, user)
    return client.post(path, data={**data, "csrf_token": token(client, page)})


def test_a_member_posts_without_javascript_and_sees_the_message_last(client, team_film, viewer):
    assert "Discuter avec l'équipe : 0 message" in client.get(f"/films/{team_film.slug}").get_data(as_text=True)
    write(client, viewer, team_film, "Première question")
    response = write(client, viewer, team_film, "Quand sort la suite ?")
    assert response.status_code == 303 and response.location.endswith(f"{talk_url(team_film)}#m2")
    page = client.get(talk_url(team_film)).get_data(as_text=True)
    assert page.index("Première question") < page.index("Quand sort la suite ?")
    assert "Discuter avec l'équipe : 2 messages" in client.get(f"/films/{team_film.slug}").get_data(as_text=True)


def test_an_empty_or_too_long_message_comes_back_with_what_was_typed(client, team_film, viewer):
    response = write(client, viewer, team_film, "   ")
    assert response.status_code == 422 and "Écrivez d&#39;abord un message." in response.get_data(as_text=True)
    long = "Bravo " * 200
    response = write(client, viewer, team_film, long)
    assert response.status_code == 422 and long.strip() in response.get_data(as_text=True)
    assert "au plus 1\u202f000 caractères" in response.get_data(as_text=True)
    assert db.session.scalars(select(Message)).all() == []


def test_visitors_read_but_are_asked_to_sign_in_to_write(client, team_film, viewer):
    write(client, viewer, team_film, "Bonjour")
    client.post("/deconnexion", data={"csrf_token": token(client, talk_url(team_film))})
    page = client.get(talk_url(team_film)).get_data(as_text=True)
    assert "Bonjour" in page and "Connectez-vous pour écrire à l'équipe." in page
    assert client.post(talk_url(team_film), data={"body": "x", "csrf_token": token(client, "/connexion")}
                       ).status_code == 302


def test_the_teams_messages_are_marked_with_their_role(client, team_film, viewer, filmmaker):
    write(client, viewer, team_film, "Qui a fait la musique ?")
    write(client, team_film.composer, team_film, "C'est moi !")
    write(client, filmmaker, team_film, "Yawa, notre compositrice.")
    page = client.get(talk_url(team_film)).get_data(as_text=True)
    assert page.count("Équipe du film") == 2
    assert "Équipe du film · Musique" in page or "Équipe du film · Composition" in page
    assert "Équipe du film · responsable" in page


def test_a_projects_team_is_its_owner_and_its_films_team(app, team_film, filmmaker, viewer):
    producer = make_user("producer")
    project = make_project(film=team_film, owner_id=producer.id)
    lone = make_project(owner_id=viewer.id)
    db.session.commit()
    assert conversations.team_of(project) == {producer.id: "owner", filmmaker.id: "owner",
                                              team_film.composer.id: "composer"}
    assert conversations.team_of(lone) == {viewer.id: "owner"}


def test_the_team_pins_one_message_shown_first(client, team_film, viewer, filmmaker):
    write(client, filmmaker, team_film, "Projection à Lomé samedi")
    write(client, viewer, team_film, "Super")
    pinned = _message("Projection à Lomé samedi")
    path = f"/discussion/messages/{pinned.id}/epingler"
    assert _post(client, path, viewer, {"pinned": "1"}, talk_url(team_film)).status_code == 403
    assert _post(client, path, filmmaker, {"pinned": "1"}, talk_url(team_film)).status_code == 303
    page = client.get(talk_url(team_film)).get_data(as_text=True)
    assert page.index("Épinglé par l'équipe") < page.index("Projection à Lomé samedi") < page.index("Super")
    assert page.count("Projection à Lomé samedi") == 2  # pinned, and in its place


def _older_link(page):
    return re.search(r'href="([^"]+\?avant=\d+)">Messages plus anciens', page).group(1)


def test_history_comes_in_pages_through_older_messages_links(client, team_film, viewer):
    conversation = conversations.find_or_create(team_film)
    for n in range(1, 46):
        db.session.add(Message(conversation_id=conversation.id, user_id=viewer.id, body=f"message n°{n}."))
    db.session.commit()
    page = client.get(talk_url(team_film)).get_data(as_text=True)
    assert "message n°26." in page and "message n°45." in page and "message n°25." not in page
    second = client.get(_older_link(page)).get_data(as_text=True)
    assert "message n°6." in second and "message n°25." in second and "message n°26." not in second
    third = client.get(_older_link(second)).get_data(as_text=True)
    assert "message n°1." in third and "message n°5." in third and "Messages plus anciens" not in third
    assert "hx-get" not in second  # only the latest page polls


def test_a_member_reports_a_message_once_however_often_they_tap(client, team_film, viewer, filmmaker):
    write(client, filmmaker, team_film, "Bienvenue")
    message = _message("Bienvenue")
    for _ in range(3):
        assert _post(client, f"/discussion/messages/{message.id}/signaler", viewer, {}, talk_url(team_film)
                     ).status_code == 303
    db.session.expire_all()
    assert db.session.get(Message, message.id).reports_count == 1
    assert len(db.session.scalars(select(MessageReport)).all()) == 1


def test_the_team_hides_a_message_the_public_no_longer_sees(client, team_film, viewer):
    write(client, viewer, team_film, "Message déplacé")
    message = _message("Message déplacé")
    other = make_user()
    db.session.commit()
    path = f"/discussion/messages/{message.id}/masquer"
    assert _post(client, path, other, {"hidden": "1"}, talk_url(team_film)).status_code == 403
    assert _post(client, path, team_film.composer, {"hidden": "1"}, talk_url(team_film)).status_code == 303
    assert "Afficher à nouveau" in client.get(talk_url(team_film)).get_data(as_text=True)  # the team still sees it
    log_in(client, other)
    assert "Message déplacé" not in client.get(talk_url(team_film)).get_data(as_text=True)
    assert "Message déplacé" not in client.get(f"/films/{team_film.slug}").get_data(as_text=True)


def test_the_films_owner_bans_a_member_who_can_no_longer_write(client, team_film, viewer, filmmaker):
    write(client, viewer, team_film, "Spam spam")
    message = _message("Spam spam")
    path = f"/discussion/messages/{message.id}/bannir"
    assert _post(client, path, team_film.composer, {}, talk_url(team_film)).status_code == 403
    assert _post(client, path, filmmaker, {}, talk_url(team_film)).status_code == 303
    log_in(client, viewer)
    response = client.post(talk_url(team_film), data={"body": "Encore moi", "csrf_token": token(client, "/compte")})
    assert response.status_code == 403
    assert "Vous ne pouvez plus écrire dans cette conversation." in response.get_data(as_text=True)
    assert db.session.scalars(select(Message.body)).all() == ["Spam spam"]


def test_a_sixth_message_in_a_minute_is_refused_with_the_text_kept_and_the_wait(client, team_film, viewer):
    for n in range(5):
        assert write(client, viewer, team_film, f"Message {n}").status_code == 303
    refused = write(client, viewer, team_film, "Un sixième de trop")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 61
    assert "Un sixième de trop</textarea>" in page and "prochain message dans 1 minute" in page
    assert len(db.session.scalars(select(Message)).all()) == 5


def _sms():
    db.session.expire_all()
    return db.session.scalars(select(SmsMessage).where(SmsMessage.kind.like("talk:%"))).all()


def test_team_answers_send_one_sms_to_members_who_asked_and_none_to_others(client, team_film, viewer, filmmaker,
                                                                           run_jobs):
    silent = make_user(display_name="Kafui")
    db.session.commit()
    assert _post(client, f"{talk_url(team_film)}/sms", viewer, {"wanted": "1"}, talk_url(team_film)).status_code == 303
    assert "checked" in client.get(talk_url(team_film)).get_data(as_text=True)
    write(client, silent, team_film, "Une question aussi")
    run_jobs()
    assert _sms() == []  # not a team answer
    write(client, filmmaker, team_film, "Merci pour vos questions")
    write(client, team_film.composer, team_film, "Et bientôt la bande originale")
    run_jobs()
    run_jobs()
    sent = _sms()
    assert [s.to_phone for s in sent] == [viewer.phone]  # one SMS for two answers in the hour
    assert sent[0].body.startswith("L'equipe de Kodjo vous a repondu : http") and talk_url(team_film) in sent[0].body
    first_answer = _message("Merci pour vos questions")
    assert alerts.tell_members(first_answer.id) == 0  # the job run again tells nobody again
    assert len(_sms()) == 1


def test_a_member_stops_the_sms_by_unticking(client, team_film, viewer, filmmaker, run_jobs):
    _post(client, f"{talk_url(team_film)}/sms", viewer, {"wanted": "1"}, talk_url(team_film))
    _post(client, f"{talk_url(team_film)}/sms", viewer, {}, talk_url(team_film))
    write(client, filmmaker, team_film, "Nouvelle date")
    run_jobs()
    assert _sms() == []


def test_a_projects_conversation_is_linked_from_its_page_and_marks_its_owner(client, team_film, viewer):
    producer = make_user("producer", display_name="Koffi")
    project = make_project(film=team_film, code="TALK1", owner_id=producer.id)
    db.session.commit()
    path = "/projets/TALK1/discussion"
    assert _post(client, path, viewer, {"body": "Combien manque-t-il ?"}, path).status_code == 303
    assert _post(client, path, producer, {"body": "Il manque 250 000 FCFA !"}, path).status_code == 303
    page = client.get(path).get_data(as_text=True)
    assert "Il manque 250 000 FCFA !" in page and page.count("Équipe du film · responsable") == 1
    assert "Discuter avec l'équipe : 2 messages" in client.get(f"/projets/{project.short_code}").get_data(as_text=True)
    assert "Combien manque-t-il ?" not in client.get(talk_url(team_film)).get_data(as_text=True)
