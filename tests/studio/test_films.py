"""Adding a film in the studio: a draft with its genres, or the form back with what was typed."""
import re

from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from tests.factories import log_in, make_genre


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_new_film_is_a_draft_owned_by_its_maker(app, client, filmmaker):
    make_genre("drame", "Drame", "Drama")
    db.session.commit()
    log_in(client, filmmaker)
    data = {"csrf_token": _token(client, "/studio/films/nouveau"), "title": "La pirogue de Kossi",
            "synopsis": "Un garçon d'Aného répare la pirogue de son père.", "year": "2021", "country": "TG",
            "language": "mina", "genres": ["drame"]}
    response = client.post("/studio/films/nouveau", data=data)
    assert response.status_code == 303
    film = db.session.scalars(select(Film)).one()
    assert (film.status, film.owner_id, film.slug, [g.slug for g in film.genres]) == (
        "draft", filmmaker.id, "la-pirogue-de-kossi", ["drame"])
    assert "garcon" in film.search_text
    assert client.get("/films/la-pirogue-de-kossi").status_code == 404  # not public before review


def test_invalid_film_form_comes_back_with_what_was_typed(app, client, filmmaker):
    log_in(client, filmmaker)
    data = {"csrf_token": _token(client, "/studio/films/nouveau"), "title": "Titre gardé",
            "synopsis": "court", "year": "99999", "country": "XX"}
    response = client.post("/studio/films/nouveau", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Titre gardé"' in page and "court" in page
    assert db.session.scalars(select(Film)).all() == []
