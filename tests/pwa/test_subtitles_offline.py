"""A downloaded film keeps its subtitles: offline, the film page's player shows them."""
import pytest

from app import storage
from app.extensions import db
from app.watch.subtitles import save_subtitle

pytestmark = pytest.mark.browser
BOX = "[data-download]"
SHOWING = (f"() => {{ const t = [...document.querySelector('{BOX} video').textTracks].find((t) => t.mode === 'showing');"
           " return t && t.cues && t.cues.length > 0 && [t.language, t.cues[0].text]; }")


@pytest.fixture
def subtitled_film(playable_film):
    save_subtitle(playable_film, "fr", "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nBonsoir, Lomé.\n".encode())
    save_subtitle(playable_film, "en", "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nGood evening, Lomé.\n".encode())
    db.session.commit()
    yield playable_film
    storage.store().delete_prefix(f"subtitles/{playable_film.id}/")


@pytest.mark.parametrize("language, download, play, text", [
    ("fr", "Télécharger", "Regarder (téléchargé)", "Bonsoir, Lomé."),
    ("en", "Download", "Watch (downloaded)", "Good evening, Lomé."),
])
def test_offline_a_downloaded_film_shows_its_subtitles(page, subtitled_film, language, download, play, text):
    page.goto(f"/langue/{language}?next=/films/{subtitled_film.slug}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    page.wait_for_selector(f"{BOX}[data-state=idle]")
    page.click(f"{BOX} button:text-is('{download}')")
    page.wait_for_selector(f"{BOX}[data-state=kept]", timeout=15_000)
    page.wait_for_function("async () => !!(await caches.match(document.querySelector('[data-download]')"
                           ".dataset.tracks.split(' ')[0]))", timeout=15_000)
    # The browser's HTTP cache may be emptied at any time on a phone: only the worker's copy counts.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
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
