"""Each page costs a fixed number of SQL statements, whatever it shows (no N+1)."""
import pytest

from app.extensions import db
from tests.factories import make_film, make_person, make_project

PAGES = ["/", "/films", "/films?genre=drame&country=TG", "/recherche?q=film", "/projets/PROJ0", "/projets", "/p/PROJ0"]


def _build(count):
    director = make_person()
    films = [make_film(title=f"Film {i}", director=director if i % 2 else None) for i in range(count)]
    for i in range(min(count, 5)):
        make_project(film=films[i], code=f"PROJ{i}", rewards=[("Merci", 1000, None), ("Affiche", 5000, 10)])
    db.session.commit()
    return films


def _counts(client, count_queries, films):
    counts = {}
    for path in PAGES + [f"/films/{films[1].slug}"]:
        key = "/films/<slug>" if path.startswith("/films/film-") else path
        client.set_cookie("ds", "high")  # 24 per page: the most a page shows
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        counts[key] = counter.count
    return counts


def test_pages_issue_as_many_queries_with_5_films_as_with_50(app, client, count_queries):
    small = _counts(client, count_queries, _build(5))
    db.session.remove()
    from tests.conftest import _empty_tables

    _empty_tables()
    large = _counts(client, count_queries, _build(50))
    assert small == large


@pytest.mark.parametrize("path, statements", [
    ("/", 5),  # four film rows and the projects to support
    ("/films", 6),  # count, films, and the four filter lists
    ("/recherche?q=film", 2),  # count and films
    ("/projets/PROJ0", 7),  # project with its film, rewards, budget, updates, contributors, documents, messages
    ("/projets", 3),  # ending soon, nearly funded, new
    ("/p/PROJ0", 2),  # the project and its rewards for the pay form
])
def test_page_issues_exactly_its_statements(app, client, count_queries, path, statements):
    _build(30)
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    assert counter.count == statements, counter.statements


def test_film_page_issues_exactly_its_statements(app, client, count_queries):
    films = _build(30)
    with count_queries() as counter:
        assert client.get(f"/films/{films[1].slug}").status_code == 200
    # film, its genres, credits and people, renditions, comments, its project, what its viewers
    # also watched, related films, its conversation's message count
    assert counter.count == 11, counter.statements
