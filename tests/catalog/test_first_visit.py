"""A first visit to a catalogue page in data-saver mode costs at most 60 KB, posters included.

Counted at the server, so everything the phone receives counts: the page, CSS, scripts,
posters, and what the service worker fetches when it installs.
"""
import time

import pytest

from app.demo.art import draw_poster
from app.extensions import db
from app.media import posters
from tests.factories import make_film

pytestmark = pytest.mark.browser
BUDGET = 60 * 1024


@pytest.fixture
def catalogue(app):
    for n in range(30):  # every row of the home page full, with films of its own
        film = make_film(title=f"Harmattan {n}", synopsis="Un village du Togo, la saison sèche.",
                         is_featured=n % 5 == 0, views_count=n * 7 % 30, rating_count=n % 3, rating_sum=n % 3 * 4)
        film.poster_key, film.poster_color = posters.store_poster("films", film.id, draw_poster(film.title, "Afi", seed=n))
    db.session.commit()


@pytest.mark.parametrize("path", ["/", "/films", "/recherche?q=village"])
def test_first_visit_in_data_saver_mode_fits_in_60_kb(browser, live_server, catalogue, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740},
                                  device_scale_factor=1.5, is_mobile=True)
    began = time.monotonic()
    try:
        with live_server.recording() as sent:
            page = context.new_page()
            page.goto(path)
            assert page.evaluate("() => document.documentElement.dataset.saver") == "on"
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
            page.wait_for_load_state("networkidle")
            live_server.wait_until_idle(since=began)
        total = sum(size for _, size in sent)
        posters_sent = [p for p, _ in sent if p.startswith("/media/posters/")]
        assert posters_sent and "/sw.js" in [p for p, _ in sent]
        assert total <= BUDGET, sorted(sent, key=lambda item: -item[1])
    finally:
        context.close()
