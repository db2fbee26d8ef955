"""Views counted once per viewer and day; members find their films in "Continue watching"."""
import re

from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.watch.models import Viewing
from tests.factories import log_in, make_user


def _save(client, film, seconds):
    page = client.get(f"/films/{film.slug}/regarder").get_data(as_text=True)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    return client.post(f"/films/{film.slug}/position", data={"position": str(seconds), "csrf_token": token})


def test_a_viewer_counts_once_a_day_however_often_the_position_is_saved(client, playable_film):
    for seconds in (1, 2, 2):
        assert _save(client, playable_film, seconds).status_code == 204
    other = client.application.test_client()
    assert _save(other, playable_film, 1).status_code == 204
    db.session.expire_all()
    assert db.session.get(Film, playable_film.id).views_count == 2


def test_ninety_percent_completes_and_members_get_continue_watching_and_history(client, playable_film):
    member = make_user()
    db.session.commit()
    log_in(client, member)
    _save(client, playable_film, 1)
    home = client.get("/").get_data(as_text=True)
    assert "Continuer à regarder" in home and "Reprendre à 0:01" in home
    assert "arrêté à 0:01" in client.get("/historique").get_data(as_text=True)
    _save(client, playable_film, 3)  # 3 s of a 3-s film
    db.session.expire_all()
    assert db.session.scalar(select(Viewing.completed).where(Viewing.viewer_key == f"u{member.id}")) is True
    assert "Continuer à regarder" not in client.get("/").get_data(as_text=True)


def test_position_must_be_a_number(client, playable_film):
    page = client.get(f"/films/{playable_film.slug}/regarder").get_data(as_text=True)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    response = client.post(f"/films/{playable_film.slug}/position", data={"position": "-5", "csrf_token": token})
    assert response.status_code == 400
