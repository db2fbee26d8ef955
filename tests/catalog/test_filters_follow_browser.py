"""The browse page's dropdowns always say what the list shows, in real Chromium at 360 px."""
import pytest

from app.extensions import db
from tests.factories import make_film

pytestmark = pytest.mark.browser
WORDS = {"fr": ("Effacer les filtres", "6 films", "Aucun film ne correspond"),
         "en": ("Clear filters", "6 films", "No film matches")}


@pytest.fixture
def catalogue(app):
    films = [make_film(title=f"Drame {i}", genres=("drame",), country="TG", poster_key=None) for i in range(6)]
    films += [make_film(title=f"Comédie {i}", genres=("comedie",), country="SN", poster_key=None) for i in range(3)]
    db.session.commit()
    return films


def _lang(page, live_server, lang):
    page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url},
                              {"name": "ds", "value": "saver", "url": live_server.url}])


def _cards(page, count):
    page.wait_for_function(f"() => document.querySelectorAll('#film-list .card').length === {count}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_clear_filters_resets_the_dropdowns(page, live_server, catalogue, lang):
    _lang(page, live_server, lang)
    page.goto("/films")
    page.select_option("select[name=genre]", "comedie")
    page.wait_for_url("**/films?genre=comedie")
    _cards(page, 3)
    page.click(f"#film-list >> text={WORDS[lang][0]}")
    page.wait_for_url("**/films")
    _cards(page, 9)
    assert page.input_value("select[name=genre]") == ""
    assert page.console_errors == []


def test_back_shows_the_dropdowns_of_the_list_shown(page, live_server, catalogue):
    _lang(page, live_server, "fr")
    page.goto("/films")
    page.select_option("select[name=genre]", "comedie")
    page.wait_for_url("**/films?genre=comedie")
    _cards(page, 3)
    page.select_option("select[name=country]", "SN")
    page.wait_for_url("**/films?genre=comedie&country=SN")
    page.go_back()
    page.wait_for_url("**/films?genre=comedie")
    _cards(page, 3)
    assert page.input_value("select[name=genre]") == "comedie" and page.input_value("select[name=country]") == ""
    page.go_back()
    page.wait_for_url("**/films")
    _cards(page, 9)
    assert page.input_value("select[name=genre]") == ""


def test_filters_are_not_restored_by_the_browser_on_back(browser, live_server, catalogue):
    """Without JavaScript, the page comes back as served, not with the values last picked."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/films")
    page.select_option("select[name=genre]", "comedie")
    page.click("form.filters button")
    page.wait_for_url("**/films?genre=comedie**")
    page.go_back()
    page.wait_for_url("**/films")
    assert page.locator("#film-list .card").count() == 9 and page.input_value("select[name=genre]") == ""
    context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_page_past_the_end_shows_the_last_page(page, live_server, catalogue, lang):
    _lang(page, live_server, lang)
    page.goto("/films?country=TG&page=2")
    assert page.url.endswith("/films?country=TG")
    assert page.locator("#film-list p.m").inner_text().startswith(WORDS[lang][1])
    assert page.locator("#film-list .card").count() == 6 and WORDS[lang][2] not in page.content()
    assert page.input_value("select[name=country]") == "TG"


@pytest.mark.parametrize("query", ["page=999999999", "page=-3&country=TG", "page=2&country=ZZ&par=12", "page=%00"])
def test_a_hostile_page_number_redirects_or_shows_the_list(client, catalogue, query):
    response = client.get(f"/films?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert client.get(response.headers["Location"]).status_code == 200
