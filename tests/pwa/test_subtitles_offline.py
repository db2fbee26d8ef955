"""A downloaded film keeps its subtitles: offline, the film page's player and "My downloads" show them."""
import pytest

from app import storage
from app.extensions import db
from app.watch.subtitles import save_subtitle

pytestmark = pytest.mark.browser
BOX = "[data-download]"
SHOWING = (f"() => {{ const t = [...document.querySelector('{BOX} video').textTracks].find((t) => t.mode === 'showing');"
           " return t && t.cues && t.cues.length > 0 && [t.language, t.cues[0].text]; }")


KEPT_TRACKS = ("async () => { for (const t of document.querySelectorAll('[data-download] track'))"
               " if (!(await caches.match(t.getAttribute('src')))) return false; return true; }")
TRACKS = ("() => [...document.querySelector('.downloads video').textTracks]"
          ".map((t) => [t.language, t.label, t.mode, t.mode === 'showing' && t.cues && t.cues.length ? t.cues[0].text : ''])")


@pytest.fixture
def subtitled_film(playable_film):
    save_subtitle(playable_film, "fr", "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nBonsoir, Lomé.\n".encode())
    save_subtitle(playable_film, "en", "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nGood evening, Lomé.\n".encode())
    db.session.commit()
    yield playable_film
    storage.store().delete_prefix(f"subtitles/{playable_film.id}/")


def _download(page, film, language, download):
    page.goto(f"/langue/{language}?next=/films/{film.slug}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    page.wait_for_selector(f"{BOX}[data-state=idle]")
    page.click(f"{BOX} button:text-is('{download}')")
    page.wait_for_selector(f"{BOX}[data-state=kept]", timeout=15_000)
    page.wait_for_function(KEPT_TRACKS, timeout=15_000)
    # The browser's HTTP cache may be emptied at any time on a phone: only the worker's copy counts.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")


@pytest.mark.parametrize("language, download, play, text", [
    ("fr", "Télécharger", "Regarder (téléchargé)", "Bonsoir, Lomé."),
    ("en", "Download", "Watch (downloaded)", "Good evening, Lomé."),
])
def test_offline_a_downloaded_film_shows_its_subtitles(page, subtitled_film, language, download, play, text):
    _download(page, subtitled_film, language, download)
    page.context.set_offline(True)
    try:
        page.goto(f"/films/{subtitled_film.slug}")
        page.click(f"text={play}")
        page.evaluate(f"() => {{ const v = document.querySelector('{BOX} video'); v.muted = true;"
                      " return Promise.race([v.play(), new Promise((done) => setTimeout(done, 30000))]); }")
        assert page.wait_for_function(SHOWING, timeout=15_000).json_value() == [language, text]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("language, download, shown", [
    ("fr", "Télécharger", [["en", "English", "disabled", ""], ["fr", "Français", "showing", "Bonsoir, Lomé."]]),
    ("en", "Download", [["en", "English", "showing", "Good evening, Lomé."], ["fr", "Français", "disabled", ""]]),
])
def test_offline_my_downloads_plays_the_film_with_its_subtitles_in_the_interface_language(page, subtitled_film,
                                                                                       language, download, shown):
    _download(page, subtitled_film, language, download)
    page.context.set_offline(True)
    try:
        page.goto("/telechargements")
        page.evaluate("() => { const v = document.querySelector('.downloads video'); v.muted = true;"
                      " return Promise.race([v.play(), new Promise((done) => setTimeout(done, 30000))]); }")
        page.wait_for_function(f"() => ({TRACKS})().some((t) => t[3])", timeout=15_000)
        # Every kept language is in the player's menu, which also turns them off ("disabled" is off).
        assert sorted(page.evaluate(TRACKS)) == shown
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.context.set_offline(False)
