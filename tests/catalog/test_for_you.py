""""Pour vous" / "For you" on the home page, from what the viewer watched, rated and kept."""
import pytest

from app.accounts.models import Favourite, Rating
from app.catalog import recommendations
from app.extensions import db
from app.watch.models import Viewing
from tests.factories import log_in, make_film, make_user

pytestmark = pytest.mark.browser
VISITOR = "vvisitor0001"


@pytest.fixture
def tastes(app):
    pirogue, market, falaise, train, kept, loved, disliked = (
        make_film(title=t, poster_key=None) for t in (
            "La pirogue", "Le marché d'Assigamé", "L'or de la falaise", "Le train de Blitta",
            "Gardé", "Adoré", "Pas aimé"))
    db.session.flush()
    seen = {"vother1": (pirogue, market, falaise), "vother2": (pirogue, market),
            "vfan001": (kept, train), "vfan002": (loved, train), "vfan003": (disliked, falaise),
            VISITOR: (pirogue,)}
    for key, films in seen.items():
        db.session.add_all(Viewing(viewer_key=key, film_id=film.id) for film in films)
    db.session.commit()
    return {f.title: f for f in (pirogue, market, falaise, train, kept, loved, disliked)}


@pytest.mark.parametrize("language, heading", [("fr", "Pour vous"), ("en", "For you")])
def test_a_visitor_gets_films_watched_by_those_who_watched_theirs(page, live_server, tastes, language, heading):
    page.context.add_cookies([{"name": "lang", "value": language, "url": live_server.url},
                              {"name": "vk", "value": VISITOR, "url": live_server.url}])
    page.goto("/")
    row = page.locator("section[aria-labelledby=row-for-you]")
    assert row.locator("h2").inner_text() == heading
    assert row.locator(".card .t").all_inner_texts() == ["Le marché d'Assigamé", "L'or de la falaise"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []


def test_a_first_visit_has_no_for_you_row(page, tastes):
    page.goto("/")
    assert page.locator("#row-for-you").count() == 0 and page.locator("#row-newest").count() == 1


def test_a_member_gets_films_from_what_they_kept_and_rated_well_never_what_they_know(client, tastes):
    member = make_user()
    db.session.add_all([Favourite(user_id=member.id, film_id=tastes["Gardé"].id),
                        Rating(user_id=member.id, film_id=tastes["Adoré"].id, stars=5),
                        Rating(user_id=member.id, film_id=tastes["Pas aimé"].id, stars=1)])
    db.session.commit()
    log_in(client, member)
    page = client.get("/").get_data(as_text=True)
    row = page[page.index('id="row-for-you"'):]
    row = row[:row.index("</section>")]
    assert "Le train de Blitta" in row  # watched by those who watched what they kept and loved
    assert "L&#39;or de la falaise" not in row  # only from a film they disliked
    assert "Gardé" not in row and "Adoré" not in row


def test_for_you_is_one_statement(app, tastes, count_queries):
    with count_queries() as counter:
        found = recommendations.for_viewer(VISITOR, None, 8)
    assert counter.count == 1, counter.statements
    assert len(found) == 2
