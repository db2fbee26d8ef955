"""Search on a 360 px phone, in French and English: typed as written, with typos, by
country and genre, a huge query, and a box wide enough to type in."""
import pytest

from app.extensions import db
from tests.factories import make_film, make_genre, make_person

pytestmark = pytest.mark.browser

WIDER_THAN_THE_SCREEN = "document.documentElement.scrollWidth"


@pytest.fixture
def catalogue(app):
    make_genre("drame", "Drame", "Drama")
    make_film(title="Le marché d'Assigamé", synopsis="Des vendeuses à Lomé.", poster_key=None)
    make_film(title="L’or de la falaise", synopsis="Un village garde son secret.", poster_key=None)
    make_film(title="La pirogue", synopsis="Un garçon répare une barque.", country="SN", genres=(),
              poster_key=None, director=make_person("Kossi Efoui"))
    db.session.commit()


def _in(page, live_server, language):
    page.context.add_cookies([{"name": "lang", "value": language, "url": live_server.url}])


def _search(page, typed):
    page.goto("/recherche")
    page.fill("#q2", typed)
    page.click("form.search.big button")
    page.wait_for_url("**/recherche?q=**")


def _cards(page):
    return page.locator("#search-results .card").all_inner_texts()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("typed, title", [("L’or de la falaise", "L’or de la falaise"), ("l'or", "L’or de la falaise"),
                                          ("d'Assigamé", "Le marché d'Assigamé")])
def test_a_title_typed_with_its_apostrophe_is_found(page, live_server, catalogue, language, typed, title):
    _in(page, live_server, language)
    _search(page, typed)
    cards = _cards(page)
    assert len(cards) == 1 and title in cards[0]
    assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 360


@pytest.mark.parametrize("language, offer", [("fr", "Vouliez-vous dire « La pirogue » ?"),
                                             ("en", "Did you mean “La pirogue”?")])
def test_a_typo_offers_the_closest_title_and_its_films(page, live_server, catalogue, language, offer):
    _in(page, live_server, language)
    _search(page, "pirgoue")
    assert "La pirogue" in _cards(page)[0]
    page.click(f"text={offer}")
    page.wait_for_url("**/recherche?q=La+pirogue")
    assert len(_cards(page)) == 1
    assert page.locator("text=Vouliez-vous dire").count() + page.locator("text=Did you mean").count() == 0
    assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 360


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_misspelt_name_finds_the_film(page, live_server, catalogue, language):
    _in(page, live_server, language)
    _search(page, "Kosi")
    assert "La pirogue" in _cards(page)[0] and "Kossi Efoui" in page.inner_text("#search-results")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("typed, count", [("togo", 2), ("Sénégal", 1), ("drame", 2), ("drama", 2)])
def test_country_and_genre_names_find_films(page, live_server, catalogue, language, typed, count):
    _in(page, live_server, language)
    _search(page, typed)
    assert len(_cards(page)) == count


@pytest.mark.parametrize("language, nothing", [("fr", "Aucun film trouvé"), ("en", "No film found")])
def test_a_5000_character_query_is_cut_and_the_page_stays_on_the_screen(page, live_server, catalogue, language, nothing):
    _in(page, live_server, language)
    page.goto("/recherche?q=" + "x" * 5000)
    echoed = page.inner_text("#search-results")
    assert nothing in echoed
    assert "x" * 100 in echoed and "x" * 101 not in echoed
    assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 360
    assert page.input_value("#q2") == "x" * 100


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_search_box_has_room_to_type(page, live_server, catalogue, language):
    _in(page, live_server, language)
    page.goto("/recherche")
    box = page.locator("#q2").bounding_box()
    assert box["width"] >= 200
    assert page.evaluate(WIDER_THAN_THE_SCREEN) <= 360
