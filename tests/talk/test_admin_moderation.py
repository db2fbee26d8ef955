"""Reported conversation messages in the back office: the context around them, hide and show,
ban the writer after a confirmation step; each action in the audit log."""
import pytest
from sqlalchemy import select

from app.admin.models import AuditEntry
from app.extensions import db
from app.talk import conversations
from app.talk.models import ConversationBan, Message
from tests.factories import log_in, make_user
from tests.talk.conftest import talk_url, token


@pytest.fixture
def reported(app, team_film, viewer, filmmaker):
    """Five messages; the third, by `viewer`, reported by two members."""
    for user, body in ((filmmaker, "Bienvenue à tous"), (team_film.composer, "La musique arrive"),
                       (viewer, "Achetez mes faux billets"), (filmmaker, "Merci de rester courtois"),
                       (team_film.composer, "Bonne soirée")):
        conversations.post(user, team_film, body)
    message = db.session.scalars(select(Message).where(Message.body == "Achetez mes faux billets")).one()
    for _ in range(2):
        conversations.report(make_user(), message)
    db.session.commit()
    return message


def test_the_admin_page_lists_a_reported_message_with_the_messages_around_it(client, admin, reported):
    log_in(client, admin)
    page = client.get("/admin/discussions").get_data(as_text=True)
    assert "2 signalements" in page and "Kodjo" in page and "Sena" in page
    assert (page.index("Bienvenue à tous") < page.index("La musique arrive") < page.index("Achetez mes faux billets")
            < page.index("Merci de rester courtois") < page.index("Bonne soirée"))


def test_the_back_office_is_for_administrators_only(client, viewer, reported):
    log_in(client, viewer)
    assert client.get("/admin/discussions").status_code == 403


def test_an_admin_hides_then_shows_a_message_and_both_are_audited(app, client, admin, reported, team_film):
    log_in(client, admin)
    csrf = token(client, "/admin/discussions")
    public = app.test_client()
    for hidden, shown in (("1", False), ("0", True)):
        response = client.post(f"/admin/discussions/messages/{reported.id}", data={"hidden": hidden, "csrf_token": csrf})
        assert response.status_code == 303
        assert ("Achetez mes faux billets" in public.get(talk_url(team_film)).get_data(as_text=True)) is shown
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["message.hide", "message.show"]
    log_in(client, admin)
    assert "Message de conversation masqué" in client.get("/admin/journal").get_data(as_text=True)


def test_an_admin_bans_the_writer_after_confirming(client, admin, reported, viewer):
    log_in(client, admin)
    csrf = token(client, "/admin/discussions")
    path = f"/admin/discussions/messages/{reported.id}/bannir"
    step = client.post(path, data={"next": "/admin/discussions", "csrf_token": csrf})
    assert step.status_code == 200 and "n'y écrit plus" in step.get_data(as_text=True)
    assert db.session.scalars(select(ConversationBan)).all() == []
    done = client.post(path, data={"next": "/admin/discussions", "confirmed": "1", "reason": "arnaque",
                                   "csrf_token": csrf})
    assert done.status_code == 303 and done.location.endswith("/admin/discussions")
    assert [b.user_id for b in db.session.scalars(select(ConversationBan))] == [viewer.id]
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.target_type, entry.target_id) == ("talk.ban", "user", viewer.id)
    assert "arnaque" in entry.detail


def test_an_admin_hiding_from_the_conversation_page_is_audited_too(client, admin, reported, team_film):
    log_in(client, admin)
    response = client.post(f"/discussion/messages/{reported.id}/masquer",
                           data={"hidden": "1", "csrf_token": token(client, talk_url(team_film))})
    assert response.status_code == 303
    assert db.session.scalars(select(AuditEntry.action)).all() == ["message.hide"]
