"""Recommendations: "Because you watched …" on a film page, from co-watching."""
import pytest

from app.catalog import recommendations
from app.extensions import db
from app.watch.models import Viewing
from tests.factories import make_film

pytestmark = pytest.mark.browser


@pytest.fixture
def watched(app):
    """Three viewers of the pirogue film; the market film is watched by two of them, the
    falaise film by one, the train film only by someone who never saw the pirogue."""
    pirogue, market, falaise, train, draft = (
        make_film(title=t, poster_key=None, genres=(g,), status=s) for t, g, s in (
            ("La pirogue", "drame", "published"), ("Le marché d'Assigamé", "comedie", "published"),
            ("L'or de la falaise", "docu", "published"), ("Le train de Blitta", "action", "published"),
            ("Brouillon", "drame", "draft")))
    db.session.flush()
    seen = {"va": (pirogue, market, falaise, draft), "vb": (pirogue, market), "vc": (pirogue,), "vd": (train, market)}
    for key, films in seen.items():
        db.session.add_all(Viewing(viewer_key=key, film_id=film.id) for film in films)
    db.session.commit()
    return pirogue, market, falaise, train


def test_co_watching_is_one_statement_most_shared_viewers_first(app, watched, count_queries):
    pirogue, market, falaise, train = watched
    titles = [pirogue.title and market.title, falaise.title]  # loaded first, as the film page has its film
    with count_queries() as counter:
        found = recommendations.co_watched(pirogue, 6)
    assert counter.count == 1, counter.statements
    assert [f.title for f in found] == titles  # no draft, no train


@pytest.mark.parametrize("language, heading", [("fr", "Parce que vous avez regardé «\u00a0La pirogue\u00a0»"),
                                               ("en", "Because you watched “La pirogue”")])
def test_film_page_shows_what_its_viewers_also_watched(page, live_server, watched, language, heading):
    pirogue, market, falaise, train = watched
    page.context.add_cookies([{"name": "lang", "value": language, "url": live_server.url}])
    page.goto(f"/films/{pirogue.slug}")
    row = page.locator("section[aria-labelledby=watched-too-title]")
    assert row.locator("h2").inner_text() == heading
    assert row.locator(".card .t").all_inner_texts() == [market.title, falaise.title]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []


def test_a_film_nobody_else_watched_has_no_such_row(page, watched):
    page.goto(f"/films/{watched[2].slug}")  # only "va" watched it, with others
    assert page.locator("#watched-too-title").count() == 1
    unseen = make_film(title="Inédit", poster_key=None)
    db.session.commit()
    page.goto(f"/films/{unseen.slug}")
    assert page.locator("#watched-too-title").count() == 0
