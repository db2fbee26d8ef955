"""Home, browse, search and film pages, in French and English, with and without htmx."""
import re

import pytest

from app.extensions import db
from tests.factories import make_film, make_person, make_project

FR = {"Cookie": ""}


def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def catalogue(app):
    director = make_person("Afi Mensah")
    films = [make_film(title=f"Film {i:02d}", genres=("drame",) if i % 2 else ("comedie",),
                       country="TG" if i < 10 else "BJ", year=2010 + i % 5, director=director if i < 3 else None,
                       views_count=i, is_featured=i < 4)
             for i in range(30)]
    make_project(film=films[0], code="ASSIG2", title="Les revendeuses")
    db.session.commit()
    return films


def test_home_shows_rows_and_projects_in_french(client, catalogue):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr" ' in page
    for heading in ("À la une", "Nouveautés", "Les plus vus", "Projets à soutenir"):
        assert heading in page
    assert "Les revendeuses" in page


def test_home_in_english_when_chosen(client, catalogue):
    page = english(client).get("/").get_data(as_text=True)
    assert '<html lang="en" ' in page
    for heading in ("Featured", "New", "Most watched", "Projects to support"):
        assert heading in page


def test_language_choice_is_remembered_in_a_cookie(client, catalogue):
    response = client.get("/langue/en?next=/films")
    assert response.status_code == 303 and response.location == "/films"
    assert "lang=en" in response.headers["Set-Cookie"] and "Max-Age=31536000" in response.headers["Set-Cookie"]
    assert "Films" in client.get("/films").get_data(as_text=True)
    assert '<html lang="en" ' in client.get("/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        assert client.get("/langue/en", query_string={"next": target}).location == "/"


def test_browse_filters_by_genre_country_director_and_year(client, catalogue):
    page = client.get("/films?genre=comedie&country=BJ&year=2010").get_data(as_text=True)
    shown = {f.title for f in catalogue if f"{f.title}<" in page}
    expected = {f.title for f in catalogue if f.genres[0].slug == "comedie" and f.country_code == "BJ" and f.year == 2010}
    assert shown == expected and expected
    by_director = client.get(f"/films?director={catalogue[0].directors[0].slug}").get_data(as_text=True)
    assert {f.title for f in catalogue if f"{f.title}<" in by_director} == {"Film 00", "Film 01", "Film 02"}


def test_browse_paginates_with_plain_links(client, catalogue):
    first = client.get("/films").get_data(as_text=True)  # data-saver by default: 12 per page
    assert first.count('class="card"') == 12
    assert 'rel="next" href="/films?page=2&amp;par=12"' in first
    third = client.get("/films?page=3").get_data(as_text=True)
    assert third.count('class="card"') == 6
    assert "Page 3 sur 3" in third


def test_browse_htmx_request_gets_only_the_fragment(client, catalogue):
    response = client.get("/films?genre=drame", headers={"HX-Request": "true", "HX-Target": "film-list"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="film-list"')
    assert "<html" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_browse_boosted_or_plain_request_gets_the_full_page(client, catalogue):
    for headers in ({}, {"HX-Request": "true", "HX-Boosted": "true"}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        response = client.get("/films?genre=drame", headers=headers)
        assert "<html" in response.get_data(as_text=True)
        assert "HX-Request" in response.headers["Vary"]


def test_search_fragment_and_page(client, catalogue):
    fragment = client.get("/recherche?q=Film+07", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="search-results"') and "Film 07" in fragment
    page = english(client).get("/recherche?q=nothing-like-this").get_data(as_text=True)
    assert "No film found for “nothing-like-this”." in page


def test_film_page_shows_credits_project_and_related_films(client, catalogue):
    film = catalogue[0]
    page = client.get(f"/films/{film.slug}").get_data(as_text=True)
    assert "<h1>Film 00</h1>" in page
    assert "Afi Mensah" in page and "Réalisation" in page
    assert "Soutenez le prochain film" in page and "/projets/ASSIG2" in page
    assert "Film 02" in page  # same director: related
    english_page = english(client).get(f"/films/{film.slug}").get_data(as_text=True)
    assert "Support the next film" in english_page and "Director" in english_page


def test_unpublished_film_is_not_found(client, app):
    film = make_film(status="draft")
    db.session.commit()
    assert client.get(f"/films/{film.slug}").status_code == 404


def test_project_page_shows_progress_and_rewards(client, catalogue):
    page = client.get("/projets/ASSIG2").get_data(as_text=True)
    assert "Les revendeuses" in page and "<progress" in page
    assert client.get("/projets/NOPE").status_code == 404


def test_page_two_follows_page_one_when_the_connection_hint_changes_the_list_size(app, client):
    """The first request of a visit carries no hint (data-saver: 12 a page); the next ones
    do, and a good link would make the list 24 long: page 2 must still start at the 13th."""
    from tests.factories import make_film

    titles = [make_film(title=f"Film {n:02d}").title for n in range(30)]  # newest first: Film 00 …
    db.session.commit()
    first = client.get("/films").get_data(as_text=True)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "par=12" in next_link and "page=2" in next_link
    second = client.get(next_link, headers={"ECT": "4g"}).get_data(as_text=True)
    shown = [t for t in titles if f">{t}<" in second]
    assert shown == titles[12:24]
    previous = re.search(r'<a rel="prev" href="([^"]+)"', second).group(1)
    assert previous == "/films"
    assert client.get("/films?page=2", headers={"ECT": "4g"}).get_data(as_text=True).count('class="card"') == 6


def test_search_pages_keep_their_size_too(app, client):
    from tests.factories import make_film

    for n in range(15):
        make_film(title=f"Village {n:02d}")
    db.session.commit()
    first = client.get("/recherche?q=village").get_data(as_text=True)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "par=12" in next_link
    second = client.get(next_link, headers={"ECT": "4g"}).get_data(as_text=True)
    assert second.count('class="card"') == 3
