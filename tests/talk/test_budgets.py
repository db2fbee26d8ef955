"""A conversation's page and its poll stay small: a full page of the longest messages fits in 14 KB."""
import random

from app.extensions import db
from app.talk import conversations
from app.talk.models import Message
from tests.factories import log_in, make_user
from tests.talk.conftest import talk_url
from tests.wire import ACCEPT, wire_bytes

KB = 1024
WORDS = ("le son du film est magnifique merci à toute l'équipe pour ce travail quand sortira la suite "
         "à Lomé Kara Sokodé Atakpamé projection samedi soir au centre culturel les acteurs jouent juste "
         "bravo Yawa pour la musique j'ai pleuré à la fin combien pour la version longue").split()


def _long_message(rng):
    text = ""
    while len(text) < conversations.MAX_MESSAGE - 12:
        text += rng.choice(WORDS) + " "
    return text.strip()[: conversations.MAX_MESSAGE]


def test_a_page_of_the_longest_messages_fits_in_14_kb(client, team_film, viewer, filmmaker):
    rng = random.Random(7)
    conversation = conversations.find_or_create(team_film)
    writers = [make_user(display_name=f"Spectatrice numéro {n}") for n in range(10)]
    for n in range(conversations.PAGE_SIZE + 5):
        db.session.add(Message(conversation_id=conversation.id, user_id=writers[n % 10].id, body=_long_message(rng)))
    db.session.commit()
    log_in(client, filmmaker)  # the team's page carries the most buttons
    response = client.get(talk_url(team_film), headers=ACCEPT)
    assert response.status_code == 200 and response.headers["Content-Encoding"]
    assert wire_bytes(response) <= 14 * KB, wire_bytes(response)
    print(f"conversation page: {wire_bytes(response)} bytes")
