"""A filmmaker sends an SRT from the studio on a 360 px phone; viewers find it, with its size, under the player."""
import pytest

from app import storage
from app.extensions import db
from app.watch.models import H264, Rendition
from tests.factories import approve_creator, log_in, make_film

pytestmark = pytest.mark.browser
SRT = "1\r\n00:00:00,500 --> 00:00:02,000\r\nAkpé, mes amis.\r\n"
WORDS = {"fr": ("Envoyer les sous-titres", "Sous-titres enregistrés : Français, 1 ko.", "Français · 1 ko"),
         "en": ("Upload the subtitles", "Subtitles saved: Français, 1 KB.", "Français · 1 KB")}


@pytest.fixture
def own_film(app, filmmaker):
    approve_creator(filmmaker)
    film = make_film(title="La pirogue", owner_id=filmmaker.id, status="published", video_status="ready",
                     duration_s=60)
    db.session.add(Rendition(film_id=film.id, height=240, width=426, video_kbps=84, audio_kbps=32, codec=H264,
                             fragmented=True, size_bytes=240_000, duration_s=60, path=f"renditions/{film.id}/x.mp4"))
    db.session.commit()
    yield film
    storage.store().delete_prefix(f"subtitles/{film.id}/")


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_an_srt_sent_from_the_studio_is_offered_under_the_player_with_its_size(app, page, live_server, filmmaker,
                                                                               own_film, locale):
    upload, saved, offered = WORDS[locale]
    client = app.test_client()
    log_in(client, filmmaker)
    client.get("/")
    page.context.add_cookies([{"name": "session", "value": client.get_cookie("session").value, "url": live_server.url},
                              {"name": "lang", "value": locale, "url": live_server.url}])
    page.goto(f"/studio/films/{own_film.id}/sous-titres")
    page.set_input_files("#sub-file", files=[{"name": "pirogue.srt", "mimeType": "application/x-subrip",
                                             "buffer": SRT.encode()}])
    page.click(f"button:text-is('{upload}')")
    assert saved in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"/films/{own_film.slug}/regarder")
    assert offered in " ".join(page.inner_text(".subtitles").split())
    assert page.locator("video track[srclang=fr]").get_attribute("label") == "Français"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
