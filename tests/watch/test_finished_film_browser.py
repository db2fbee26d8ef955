"""A film watched to the end starts again from the beginning, in real Chromium at 360 px."""
import pytest

from app.extensions import db
from app.watch.models import Viewing

pytestmark = pytest.mark.browser

VISITOR = "v" + "ab12" * 6


def _stopped_at(film, position_s, completed):
    db.session.add(Viewing(viewer_key=VISITOR, film_id=film.id, position_s=position_s, completed=completed))
    db.session.commit()


@pytest.mark.parametrize("lang, watch, resume", [("fr", "Regarder le film", "Reprendre"), ("en", "Watch the film", "Resume")])
def test_completed_film_offers_and_plays_from_the_start(page, live_server, playable_film, lang, watch, resume):
    _stopped_at(playable_film, playable_film.duration_s, completed=True)
    page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url},
                              {"name": "vk", "value": VISITOR, "url": live_server.url}])
    page.goto(f"/films/{playable_film.slug}")
    button = page.locator(f"a.button[href$='/films/{playable_film.slug}/regarder']")
    assert button.inner_text() == watch and resume not in page.content()
    button.click()
    page.wait_for_selector("video source", state="attached")
    assert "#t=" not in page.get_attribute("video source", "src")
    assert page.evaluate("document.querySelector('video').currentTime") == 0


def test_unfinished_film_still_resumes(page, live_server, playable_film):
    _stopped_at(playable_film, 2, completed=False)
    page.context.add_cookies([{"name": "vk", "value": VISITOR, "url": live_server.url}])
    page.goto(f"/films/{playable_film.slug}/regarder")
    assert page.get_attribute("video source", "src").endswith("#t=2")
