"""What a conversation costs the database: its page a fixed number of statements, a poll that
finds nothing new two."""
import re

from app.talk import conversations
from app.extensions import db
from tests.factories import log_in
from tests.talk.conftest import talk_url


def _filled(team_film, viewer, filmmaker):
    for n in range(25):
        conversations.post(viewer if n % 2 else filmmaker, team_film, f"Message {n}")
    conversations.set_pinned(conversations.find(team_film), conversations.page_of(conversations.find(team_film))[0][0],
                             True)
    db.session.commit()


def test_the_page_issues_exactly_its_statements(client, count_queries, team_film, viewer, filmmaker):
    _filled(team_film, viewer, filmmaker)
    log_in(client, viewer)
    client.get("/")
    with count_queries() as counter:
        assert client.get(talk_url(team_film)).status_code == 200
    # the film, its conversation, its team, a page of messages and their writers, the pinned one,
    # the member's ban and SMS choice
    assert counter.count == 8, counter.statements


def test_a_poll_that_finds_nothing_new_issues_two_statements(client, count_queries, team_film, viewer, filmmaker):
    _filled(team_film, viewer, filmmaker)
    log_in(client, viewer)
    page = client.get(talk_url(team_film)).get_data(as_text=True)
    etag = re.search(r'"If-None-Match": "(.*?)"}', page).group(1).replace('\\"', '"')
    with count_queries() as counter:
        response = client.get(talk_url(team_film), headers={"HX-Request": "true", "If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert counter.count == 2, counter.statements  # the film, its conversation's version
