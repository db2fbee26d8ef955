"""Subtitles on the player: `<track>`s with the interface language on, served as cacheable
WebVTT, loaded by Chromium through the MSE loader and without JavaScript."""
import re

import pytest

from app import storage
from app.extensions import db
from app.watch.subtitles import save_subtitle
from tests.factories import make_film

FR = "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nBonsoir, Lomé.\n"
EN = "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nGood evening, Lomé.\n"


@pytest.fixture
def subtitled_film(playable_film):
    save_subtitle(playable_film, "fr", FR.encode())
    save_subtitle(playable_film, "en", EN.encode())
    save_subtitle(playable_film, "ee", b"1\n00:00:00,000 --> 00:00:02,500\nFi\xc9\x96o nyuie!\n")
    db.session.commit()
    yield playable_film
    storage.store().delete_prefix(f"subtitles/{playable_film.id}/")


def _tracks(page_html):
    return re.findall(r'<track kind="subtitles" src="([^"]+)" srclang="([^"]+)" label="([^"]+)"( default)?>', page_html)


def test_the_player_offers_every_track_with_the_french_one_on_in_french(client, subtitled_film):
    page = client.get(f"/films/{subtitled_film.slug}/regarder").get_data(as_text=True)
    tracks = _tracks(page)
    assert [(lang, label, default) for _, lang, label, default in tracks] == [
        ("ee", "Eʋegbe", ""), ("en", "English", ""), ("fr", "Français", " default")]
    assert "Sous-titres (dans le menu du lecteur) :" in page and "Français</a> · 1 ko" in page


def test_the_player_turns_the_english_track_on_in_english(client, subtitled_film):
    client.get("/langue/en")
    page = client.get(f"/films/{subtitled_film.slug}/regarder").get_data(as_text=True)
    assert [(lang, default) for _, lang, _label, default in _tracks(page)] == [("ee", ""), ("en", " default"), ("fr", "")]
    assert "Subtitles (in the player menu):" in page and "English</a> · 1 KB" in page


def test_no_track_is_on_when_the_interface_language_has_none(client, playable_film):
    save_subtitle(playable_film, "kbp", FR.encode())
    db.session.commit()
    page = client.get(f"/films/{playable_film.slug}/regarder").get_data(as_text=True)
    assert [(lang, default) for _, lang, _label, default in _tracks(page)] == [("kbp", "")]
    storage.store().delete_prefix(f"subtitles/{playable_film.id}/")


def test_a_track_is_served_as_utf_8_webvtt_cached_for_a_year(client, subtitled_film):
    src = _tracks(client.get(f"/films/{subtitled_film.slug}/regarder").get_data(as_text=True))[0][0]
    response = client.get(src)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.get_data(as_text=True) == "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nFiɖo nyuie!\n"
    other = make_film(title="Autre")
    db.session.commit()
    assert client.get(src.replace(subtitled_film.slug, other.slug)).status_code == 404


@pytest.mark.browser
@pytest.mark.parametrize("language, text", [("fr", "Bonsoir, Lomé."), ("en", "Good evening, Lomé.")])
def test_the_default_track_loads_its_cues_while_the_mse_loader_plays(page, subtitled_film, language, text):
    page.goto(f"/langue/{language}?next=/films/{subtitled_film.slug}/regarder")
    page.evaluate("document.querySelector('video').muted = true")
    page.evaluate("void document.querySelector('video').play().catch(() => {})")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5", timeout=15_000)
    assert page.evaluate("document.querySelector('video').dataset.loader") == "mse"
    page.wait_for_function("() => { const t = [...document.querySelector('video').textTracks]"
                           ".find((t) => t.mode === 'showing'); return t && t.cues && t.cues.length > 0; }")
    showing = page.evaluate("[...document.querySelector('video').textTracks].filter((t) => t.mode === 'showing')"
                            ".map((t) => [t.language, t.cues[0].text])")
    assert showing == [[language, text]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []


@pytest.mark.browser
def test_the_track_loads_without_the_pages_javascript(page, subtitled_film):
    page.route("**/*.js*", lambda route: route.abort())  # no script of ours: the <source> elements and the browser alone
    page.goto(f"/films/{subtitled_film.slug}/regarder")
    page.wait_for_function("() => { const t = [...document.querySelector('video').textTracks]"
                           ".find((t) => t.mode === 'showing'); return t && t.cues && t.cues.length > 0; }")
    assert page.evaluate("document.querySelector('video').dataset.loader") is None
    assert page.evaluate("[...document.querySelector('video').textTracks].map((t) => t.language)") == ["ee", "en", "fr"]
