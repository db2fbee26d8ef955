"""Data-saver picks the rendition and posters; an explicit choice wins and is remembered."""
import re

import pytest


def _default_label(client, film, headers=None):
    page = client.get(f"/films/{film.slug}/regarder", headers=headers or {}).get_data(as_text=True)
    return re.search(r'aria-current="true"[^>]*>(\d+p)', page).group(1), page


@pytest.mark.parametrize("headers", [{}, {"Save-Data": "on"}, {"ECT": "2g"}])
def test_no_choice_save_data_or_2g_plays_240p_and_small_posters(client, playable_film, headers):
    label, page = _default_label(client, playable_film, headers)
    assert label == "240p"
    home = client.get("/", headers=headers).get_data(as_text=True)
    assert "/320.webp" not in home and "/640.webp" not in home


def test_very_slow_network_plays_144p(client, playable_film):
    assert _default_label(client, playable_film, {"ECT": "slow-2g"})[0] == "144p"


def test_fast_network_hint_plays_360p(client, playable_film):
    assert _default_label(client, playable_film, {"ECT": "4g"})[0] == "360p"


def test_explicit_choice_overrides_hints_and_persists(client, playable_film):
    page = client.get("/economie-de-donnees").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/economie-de-donnees", data={"mode": "high", "csrf_token": token})
    assert response.status_code == 303
    assert _default_label(client, playable_film, {"Save-Data": "on", "ECT": "2g"})[0] == "480p"
    assert "Haute qualité (vous l&#39;avez choisi)" in client.get("/").get_data(as_text=True)


def test_htmx_switch_returns_the_fragment(client, playable_film):
    page = client.get("/economie-de-donnees").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/economie-de-donnees", data={"mode": "saver", "csrf_token": token},
                           headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="data-saver"') and "<html" not in body


def test_expensive_quality_asks_first_in_data_saver(client, playable_film):
    page = client.get(f"/films/{playable_film.slug}/regarder?q=480").get_data(as_text=True)
    assert "<video" not in page and "Mo pour tout le film" in page
    confirmed = client.get(f"/films/{playable_film.slug}/regarder?q=480&confirmer=1").get_data(as_text=True)
    assert "<video" in confirmed


def test_html_pages_ask_for_connection_hints(client, playable_film):
    response = client.get("/")
    assert response.headers["Accept-CH"] == "ECT, Downlink, Save-Data"
    assert "ECT" in response.headers["Vary"]


@pytest.mark.parametrize("mode", ["saver", "high"])
def test_watch_pages_fit_in_14_kb(client, playable_film, mode):
    from tests.wire import ACCEPT, wire_bytes

    client.set_cookie("ds", mode)
    for path in (f"/films/{playable_film.slug}/regarder", f"/films/{playable_film.slug}", "/economie-de-donnees",
                 "/historique", "/telechargements", "/hors-ligne", "/connexion", "/inscription"):
        response = client.get(path, headers=ACCEPT)
        assert response.status_code == 200 and wire_bytes(response) <= 14 * 1024, (path, wire_bytes(response))
