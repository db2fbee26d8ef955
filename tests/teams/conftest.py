"""A published film with its filmmaker, a member to invite, and forms filled as a phone would."""
import re

import pytest

from app.extensions import db
from tests.factories import log_in, make_film, make_user


def csrf(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def post(client, path, data, form_path=None):
    return client.post(path, data={**data, "csrf_token": csrf(client, form_path or path)})


def invite(client, team_path, **fields):
    """Posts the studio's invitation form; returns the answer."""
    return post(client, team_path, {"name": "Ama Koffi", "role": "actor", "character": "", "phone": "", **fields})


def link_in(page):
    return re.search(r'readonly value="https?://[^/"]+(/invitations/[\w-]+)"', page).group(1)


@pytest.fixture
def team(app, filmmaker):
    film = make_film(title="La lagune", owner_id=filmmaker.id, status="published")
    member = make_user(phone="+22890111222", display_name="Ama K.", email="ama@example.com")
    db.session.commit()
    return {"film": film, "member": member, "filmmaker": filmmaker, "path": f"/studio/films/{film.id}/equipe"}


@pytest.fixture
def invitation_link(client, team):
    """The link of one pending invitation to play Yawa, made in the studio; the client is signed out after."""
    log_in(client, team["filmmaker"])
    assert invite(client, team["path"], character="Yawa").status_code == 303
    link = link_in(client.get(team["path"]).get_data(as_text=True))
    with client.session_transaction() as session:
        session.clear()
    return link
