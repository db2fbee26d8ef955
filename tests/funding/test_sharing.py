"""Sharing a film or a project by WhatsApp, SMS or the phone's own share sheet, in the reader's language."""
from urllib.parse import unquote

import pytest

from app.extensions import db
from app.sms.segments import count_segments
from tests.factories import make_film, make_project

pytestmark = pytest.mark.browser

WORDING = {
    "fr": ('Regardez "Le marché d\'Assigamé" gratuitement sur Karangou : ', 'Soutenez "Pirogue à Aného" sur Karangou : '),
    "en": ('Watch "Le marché d\'Assigamé" for free on Karangou: ', 'Support "Pirogue à Aného" on Karangou: '),
}


@pytest.fixture
def shared(app):
    film = make_film(title="Le marché d'Assigamé", poster_key=None)
    db.session.flush()
    make_project(film=film, code="PIROG1", title="Pirogue à Aného")
    db.session.commit()
    return film


def _phone(browser, live_server, language, **options):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}, **options)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server.url}])
    return context


def _links(page):
    whatsapp = page.locator(".share a[href^='https://wa.me/?text=']").get_attribute("href")
    sms = page.locator(".share a[href^='sms:?body=']").get_attribute("href")
    return unquote(whatsapp.removeprefix("https://wa.me/?text=")), unquote(sms.removeprefix("sms:?body="))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_film_and_project_share_by_whatsapp_and_sms_in_the_readers_language(browser, live_server, shared, language):
    context = _phone(browser, live_server, language, java_script_enabled=False)
    page = context.new_page()
    film_words, project_words = WORDING[language]
    for path, words, link in ((f"/films/{shared.slug}", film_words, f"/films/{shared.slug}"),
                              ("/projets/PIROG1", project_words, "/p/PIROG1")):
        page.goto(path)
        whatsapp, sms = _links(page)
        assert whatsapp.startswith(words) and whatsapp.endswith(link)  # the title as written
        assert sms.endswith(link) and sms.startswith(words)  # é and à are GSM-7
        segments = count_segments(sms)
        assert (segments.encoding, segments.count) == ("gsm7", 1)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator(".share-native").is_hidden()  # no script, no button that does nothing
    context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_phones_share_sheet_is_offered_where_the_browser_has_one(browser, live_server, shared, language):
    context = _phone(browser, live_server, language)
    context.add_init_script("navigator.share = (data) => { window.shared = data; return Promise.resolve(); };")
    page = context.new_page()
    page.goto(f"/films/{shared.slug}")
    button = page.locator(".share-native")
    button.wait_for(state="visible")
    assert button.inner_text() == ("Plus…" if language == "fr" else "More…")
    assert button.bounding_box()["height"] >= 24
    button.click()
    page.wait_for_function("() => window.shared !== undefined")
    shared_text = page.evaluate("window.shared.text")
    assert shared_text.startswith(WORDING[language][0]) and shared_text.endswith(f"/films/{shared.slug}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_without_a_share_sheet_only_the_links_show(page, shared):
    page.goto(f"/films/{shared.slug}")
    page.wait_for_load_state("load")
    assert page.evaluate("typeof navigator.share") == "undefined"
    assert page.locator(".share-native").is_hidden() and page.locator(".share a").count() == 2
    assert page.console_errors == []
