"""The player in real headless Chromium: it plays, switches quality in place, resumes after reload."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.watch.models import Viewing
from tests.simulator import wait_until

pytestmark = pytest.mark.browser


def _play(page):
    page.evaluate("document.querySelector('video').muted = true")
    page.evaluate("void document.querySelector('video').play().catch(() => {})")  # not awaited: a timeout, never a hang
    page.wait_for_function("() => document.querySelector('video').currentTime > 1", timeout=15_000)


def test_player_plays_switches_quality_and_resumes(page, playable_film):
    page.goto(f"/films/{playable_film.slug}/regarder")
    assert page.get_attribute("a[aria-current=true]", "href").endswith("q=240")
    _play(page)
    page.click("a[href$='q=144']")  # cheaper: no warning
    page.wait_for_function("() => document.querySelector('video').currentSrc.includes('/v/')"
                           " && document.querySelector('a[aria-current=true]').href.endsWith('q=144')")
    assert page.url.endswith("q=144")
    page.wait_for_function("() => document.querySelector('video').currentTime > 1", timeout=15_000)
    page.evaluate("document.querySelector('video').pause()")  # pausing saves the position

    def saved():
        db.session.expire_all()
        return db.session.scalar(select(Viewing.position_s).where(Viewing.film_id == playable_film.id))

    wait_until(lambda: (saved() or 0) >= 1)
    position = saved()
    assert position is not None and position >= 1
    page.reload()
    assert f"#t={position}" in page.get_attribute("video source", "src")
    assert page.evaluate("document.querySelector('video').muted = true; Promise.race([document.querySelector('video')"
                         ".play().then(() => true), new Promise((done) => setTimeout(() => done(false), 30000))])")
    page.wait_for_function(f"() => document.querySelector('video').currentTime >= {position}", timeout=15_000)
    assert page.console_errors == []


def test_expensive_quality_asks_before_switching(page, playable_film):
    page.goto(f"/films/{playable_film.slug}/regarder")
    messages = []
    page.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.click("a[href$='q=480']")
    assert messages and "Mo pour tout le film" in messages[0]
    assert page.get_attribute("a[aria-current=true]", "href").endswith("q=240")  # refused: nothing changed


# A slow phone: the media stack opens the MediaSource seconds after the viewer pressed play.
LATE_SOURCEOPEN = """
const add = MediaSource.prototype.addEventListener;
MediaSource.prototype.addEventListener = function (type, listener, options) {
  if (type !== "sourceopen") return add.call(this, type, listener, options);
  return add.call(this, type, (event) => setTimeout(() => listener.call(this, event), 1500), options);
};
"""


def test_play_pressed_before_the_media_source_opens_still_plays_through_the_loader(page, playable_film):
    page.add_init_script(LATE_SOURCEOPEN)
    page.goto(f"/films/{playable_film.slug}/regarder")
    _play(page)  # play comes first, the source opens 1.5 s later
    assert page.evaluate("document.querySelector('video').dataset.loader") == "mse"
