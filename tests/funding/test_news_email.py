"""Followers who are members with an e-mail address get the news by e-mail too, through a real SMTP server."""
import email
import re
from email.policy import default

import pytest
from sqlalchemy import select

from app import delivery
from app.accounts.models import User
from app.extensions import db
from app.funding import news
from app.funding.models import ProjectUpdate
from app.mail import outbox
from app.mail.models import EmailMessage
from app.sms.models import SmsMessage
from tests.factories import make_project
from tests.simulator import free_port

SETTINGS = ("MAIL_PROVIDER", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL")


class Inbox:
    """What an SMTP server on loopback received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content.replace(b"\r\n", b"\n"), policy=default))
        return "250 Message accepted"


@pytest.fixture
def smtp_inbox(app):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {name: app.config[name] for name in SETTINGS}
    app.config.update(MAIL_PROVIDER="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                      MAIL_USE_TLS=False, MAIL_USE_SSL=False)
    yield inbox
    app.config.update(saved)
    controller.stop()


def _followers(project):
    english = User(phone="+22890000011", email="kossi@example.tg", locale="en", display_name="Kossi")
    french = User(phone="+22896000012", email="ama@example.tg", display_name="Ama")
    db.session.add_all([english, french])
    db.session.flush()
    news.follow(project, english.phone, english)  # followed while signed in
    news.follow(project, french.phone)  # followed by number only: the number is hers
    news.follow(project, "+22891000013")  # a visitor: SMS only


def test_an_update_reaches_members_by_email_in_their_language_once(app, run_jobs, smtp_inbox):
    project = make_project(title="Saison des pluies", code="MAIL1")
    _followers(project)
    owner = User(phone="+22890000001", role="filmmaker")
    db.session.add(owner)
    db.session.flush()
    news.post_update(project, owner, "Premier jour de tournage", "Tout va bien à Kpalimé.\nMerci à vous.")
    db.session.commit()
    run_jobs()
    run_jobs()
    received = {m["To"]: m for m in smtp_inbox.messages}
    assert sorted(received) == ["ama@example.tg", "kossi@example.tg"]
    assert received["kossi@example.tg"]["Subject"] == "News from the project Saison des pluies"
    assert received["ama@example.tg"]["Subject"] == "Nouvelles du projet Saison des pluies"
    body = received["ama@example.tg"].get_content()
    assert "Premier jour de tournage" in body and "Tout va bien à Kpalimé.\nMerci à vous." in body
    assert re.search(r"http://\S+/projets/MAIL1", body) and "Ne plus suivre" in body
    assert "Stop following" in received["kossi@example.tg"].get_content()
    assert len(db.session.scalars(select(SmsMessage).where(SmsMessage.kind.like("news:%"))).all()) == 3

    news.send_news(project.id, "update", db.session.scalar(select(ProjectUpdate.id)))  # the job again
    run_jobs()
    assert len(smtp_inbox.messages) == 2
    assert {m.status for m in db.session.scalars(select(EmailMessage))} == {"sent"}


def test_milestone_email_gives_the_figures(app, run_jobs, smtp_inbox):
    project = make_project(title="Saison des pluies", goal=200_000, raised_fcfa=100_000, contributors_count=7)
    _followers(project)
    db.session.commit()
    news.check_milestone(project.id)
    db.session.commit()
    run_jobs()
    run_jobs()
    body = {m["To"]: m.get_content() for m in smtp_inbox.messages}["ama@example.tg"]
    assert "la moitié de son objectif" in body and "100\u202f000" in body.replace("\xa0", "\u202f")


def test_smtp_server_down_keeps_the_email_for_a_retry(app, smtp_inbox):
    message = outbox.queue_email("ama@example.tg", "Nouvelles", "Texte", "news:1:update:1")
    db.session.commit()
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    with pytest.raises(delivery.RetryLater):
        outbox.send_email(message.id)
    db.session.expire_all()
    kept = db.session.get(EmailMessage, message.id)
    assert (kept.status, kept.attempts) == ("queued", 1) and "Connection" in kept.error
    assert smtp_inbox.messages == []


def test_outbox_page_shows_what_would_have_been_sent(app, client):
    outbox.queue_email("ama@example.tg", "Nouvelles du projet Harmattan", "Premier jour.", "news:1:update:1")
    db.session.commit()
    page = client.get("/dev/courriels").get_data(as_text=True)
    assert "ama@example.tg" in page and "Nouvelles du projet Harmattan" in page
    app.config["MAIL_PROVIDER"] = "smtp"
    try:
        assert client.get("/dev/courriels").status_code == 404
    finally:
        app.config["MAIL_PROVIDER"] = "outbox"
