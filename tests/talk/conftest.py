"""A film with its team (owner and a credited member), a viewer, and helpers to post."""
import re

import pytest

from app import jobs
from app.catalog.models import Credit
from app.extensions import db
from tests.factories import log_in, make_film, make_person, make_user


@pytest.fixture(autouse=True)
def _nobody_around(app):
    """Ids start again at 1 in each test: who was around film 1 in the last test is not around now."""
    redis = jobs.redis_connection(app, "CACHE_REDIS_URL")
    for key in redis.scan_iter(f"{app.config['RQ_QUEUE']}:talk:here:*"):
        redis.delete(key)


@pytest.fixture
def team_film(app, filmmaker):
    """A published film owned by `filmmaker`, with a member credited as its composer."""
    film = make_film(title="Kodjo", owner_id=filmmaker.id)
    composer = make_user(display_name="Yawa")
    person = make_person("Yawa Mensah")
    person.user_id = composer.id
    film.credits.append(Credit(person=person, role="composer"))
    db.session.commit()
    film.composer = composer
    return film


@pytest.fixture
def viewer(app):
    user = make_user(display_name="Sena")
    db.session.commit()
    return user


def talk_url(film):
    return f"/films/{film.slug}/discussion"


def token(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def write(client, user, film, body):
    """`user` posts `body` in the film's conversation without JavaScript; the response."""
    log_in(client, user)
    return client.post(talk_url(film), data={"body": body, "csrf_token": token(client, talk_url(film))})
