"""Byte budgets, measured as compressed bytes on the wire (body and headers)."""
import re

import pytest

from app import storage
from app.demo import art
from app.extensions import db
from app.media import posters
from tests.factories import make_film, make_person, make_project
from tests.wire import ACCEPT, wire_bytes

KB = 1024
LONG_SYNOPSIS = (
    "Au grand marché de Lomé, Dédé vend des pagnes depuis trente ans. Quand un centre commercial menace "
    "son étal, elle réunit les revendeuses pour défendre leur place, leur dignité et leurs enfants. "
) * 3


@pytest.fixture
def big_catalogue(app):
    people = [make_person(f"Réalisatrice Numéro {i}") for i in range(20)]
    films = [make_film(title=f"Un titre de film assez long numéro {i}", synopsis=LONG_SYNOPSIS,
                       genres=("drame", "comedie", "documentaire"), director=people[i % 20],
                       country=["TG", "BJ", "SN", "CI", "GH"][i % 5], year=2000 + i % 25,
                       poster_key=f"{i:012x}", is_featured=i % 3 == 0, views_count=i, rating_count=1, rating_sum=4)
             for i in range(60)]
    for i in range(3):
        make_project(film=films[i], code=f"PROJ{i}", title=f"Projet de long métrage {i}", pitch=LONG_SYNOPSIS[:270],
                     rewards=[("Nom au générique", 1000, None), ("Affiche", 5000, 50), ("Avant-première", 20000, 20)])
    db.session.commit()
    return films


@pytest.mark.parametrize("mode", ["saver", "standard", "high"])
def test_every_html_page_fits_in_14_kb(client, big_catalogue, mode):
    client.set_cookie("ds", mode)
    film = big_catalogue[0]
    paths = ["/", "/films", "/films?genre=drame&page=2", "/recherche?q=film", f"/films/{film.slug}",
             "/projets/PROJ0", "/projets", "/p/PROJ0", "/films/missing"]
    for path in paths:
        response = client.get(path, headers=ACCEPT)
        assert response.mimetype == "text/html"
        assert wire_bytes(response) <= 14 * KB, (path, mode, wire_bytes(response))


def _assets(client, app, suffix):
    store = app.extensions["assets"]
    return [client.get(store.url_for(name), headers=ACCEPT) for name in store.by_relative if name.endswith(suffix)]


def test_all_css_fits_in_8_kb(client, app):
    responses = _assets(client, app, ".css")
    assert responses
    assert sum(wire_bytes(r) for r in responses) <= 8 * KB


def _scripts_of(client, path):
    page = client.get(path).get_data(as_text=True)
    return [client.get(src, headers=ACCEPT) for src in re.findall(r'<script src="([^"]+)"', page)]


def test_the_javascript_of_every_page_including_htmx_fits_in_20_kb(client, app, playable_film):
    """The budget is per page: what one page makes the phone fetch (docs/decisions.md)."""
    from tests.factories import log_in, make_user

    filmmaker = make_user("filmmaker", display_name="Afi")
    own = make_film(title="Mon film", status="draft", owner_id=filmmaker.id, poster_key=None)
    db.session.commit()
    pages = {"/": "htmx", f"/films/{playable_film.slug}": "htmx", "/telechargements": "htmx",
             f"/films/{playable_film.slug}/regarder": "player"}  # the player page has no use for htmx
    for path, script in pages.items():
        responses = _scripts_of(client, path)
        assert any(script in r.request.path for r in responses) and any("pwa" in r.request.path for r in responses)
        assert sum(wire_bytes(r) for r in responses) <= 20 * KB, (path, sum(wire_bytes(r) for r in responses))
    log_in(client, filmmaker)
    responses = _scripts_of(client, f"/studio/films/{own.id}")
    assert any("upload" in r.request.path for r in responses)
    assert sum(wire_bytes(r) for r in responses) <= 20 * KB, sum(wire_bytes(r) for r in responses)


def test_the_player_script_with_its_video_loader_fits_in_6_kb(client, app):
    store = app.extensions["assets"]
    name = next(name for name in store.by_relative if name.endswith("player.js"))
    assert wire_bytes(client.get(store.url_for(name), headers=ACCEPT)) <= 6 * KB


def test_poster_variants_used_in_lists_fit_in_4_kb(app):
    from app.demo import data

    for slug, title, *_rest in data.FILMS[:8]:
        key, _colour = posters.store_poster("films", 1, art.draw_poster(title, "Afi Mensah", seed=slug))
        for width in (96, 160):
            assert storage.store().size(posters.poster_key("films", 1, key, width)) <= 4 * KB, (title, width)


def test_service_worker_fits_in_8_kb(client, app):
    response = client.get("/sw.js", headers=ACCEPT)
    assert response.headers["Cache-Control"] == "no-cache" and response.mimetype == "text/javascript"
    assert wire_bytes(response) <= 8 * KB
