"""The catalogue in real headless Chromium: htmx swaps in place, links work without it."""
import pytest

from app.extensions import db
from tests.factories import make_film

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(app):
    films = [make_film(title=f"Drame {i}", genres=("drame",), poster_key=None) for i in range(14)]
    films += [make_film(title=f"Comédie {i}", genres=("comedie",), poster_key=None) for i in range(3)]
    db.session.commit()
    return films


def test_genre_filter_swaps_the_list_in_place_and_updates_the_address(page, catalogue):
    page.goto("/films")
    page.evaluate("window.notReloaded = true")
    page.select_option("select[name=genre]", "comedie")
    page.wait_for_url("**/films?genre=comedie")
    page.wait_for_function("() => document.querySelectorAll('#film-list .card').length === 3")
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


def test_pagination_link_swaps_the_list_in_place(page, live_server, catalogue):
    # Chrome sends its own ECT estimate (4g on loopback) once asked with Accept-CH; the choice
    # keeps 12 films a page whatever it says.
    page.context.add_cookies([{"name": "ds", "value": "saver", "url": live_server.url}])
    page.goto("/films")
    page.evaluate("window.notReloaded = true")
    page.click("a[rel=next]")
    page.wait_for_url("**/films?page=2&par=12")
    page.wait_for_function("() => document.querySelectorAll('#film-list .card').length === 5")
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


def test_filters_work_without_javascript(browser, live_server, catalogue):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/films")
    page.select_option("select[name=genre]", "comedie")
    page.click("form.filters button")
    page.wait_for_url("**/films?genre=comedie**")
    assert page.locator("#film-list .card").count() == 3
    context.close()
