"""Anonymous catalogue pages come from Redis until what they show changes."""
from sqlalchemy import text

from app.extensions import db
from app.funding import ledger
from app.funding.models import Contribution
from tests.factories import log_in, make_film, make_project, make_user


def _get(client, count_queries, path, **kwargs):
    with count_queries() as counter:
        response = client.get(path, **kwargs)
    assert response.status_code == 200
    return response, counter.count


def test_second_visit_to_a_catalogue_page_sends_no_sql(app, client, count_queries):
    film = make_film(title="Le Retour")
    make_project(film=film)
    db.session.commit()
    for path in ("/", "/films?genre=drame", "/recherche?q=retour", f"/films/{film.slug}", "/projets"):
        first, first_count = _get(client, count_queries, path)
        again, again_count = _get(client, count_queries, path)
        assert first_count > 0 and again_count == 0, path
        assert again.get_data() == first.get_data()
        assert again.headers["ETag"] == first.headers["ETag"]
        assert "ECT" in again.headers["Vary"]


def test_a_film_changed_through_the_site_shows_at_once(app, client, count_queries):
    film = make_film(title="Le Retour")
    db.session.commit()
    assert "Le Retour" in client.get("/").get_data(as_text=True)
    film.title = "Le Grand Retour"
    db.session.commit()
    assert "Le Grand Retour" in client.get("/").get_data(as_text=True)


def test_a_credited_contribution_shows_on_the_home_page_at_once(app, client):
    project = make_project(film=make_film(), goal=100_000)
    contribution = Contribution(project_id=project.id, amount_fcfa=25_000)
    db.session.add(contribution)
    db.session.commit()
    assert "25 %" not in client.get("/").get_data(as_text=True)
    assert ledger.credit(contribution.id)
    db.session.commit()
    assert "25 %" in client.get("/").get_data(as_text=True)


def test_bulk_sql_without_the_orm_waits_for_expiry_or_an_explicit_change(app, client):
    make_film(title="Le Retour")
    db.session.commit()
    client.get("/")
    db.session.execute(text("UPDATE films SET title = 'Titre changé en SQL'"))
    db.session.commit()
    assert "Titre changé en SQL" not in client.get("/").get_data(as_text=True)
    from app.catalog.freshness import catalogue_changed

    catalogue_changed()
    assert "Titre changé en SQL" in client.get("/").get_data(as_text=True)


def test_language_data_saver_and_fragments_are_kept_apart(app, client):
    make_film(title="Le Retour")
    db.session.commit()
    french = client.get("/films").get_data(as_text=True)
    client.set_cookie("lang", "en")
    english = client.get("/films").get_data(as_text=True)
    assert 'lang="fr"' in french and 'lang="en"' in english
    client.set_cookie("ds", "high")
    assert 'data-saver="off"' in client.get("/films").get_data(as_text=True)
    fragment = client.get("/films", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "Le Retour" in fragment


def test_a_member_gets_the_cached_page_with_their_own_menu(app, client, count_queries):
    make_film(title="Le Retour")
    member = make_user()
    db.session.commit()
    anonymous = client.get("/").get_data(as_text=True)
    log_in(client, member)
    client.get("/")  # Flask-Login completes the session: a page that changed it is not stored
    first = client.get("/").get_data(as_text=True)
    page, statements = _get(client, count_queries, "/")
    assert "/compte" in page.get_data(as_text=True) and "/compte" not in anonymous
    assert page.get_data(as_text=True) == first
    assert statements == 0  # the member and their "Continue watching" from the cache as well


def test_a_visitor_with_a_viewing_cookie_gets_the_cached_film_page_and_their_position(app, client,
                                                                                       count_queries):
    from app.watch import progress

    film = make_film(title="Le Retour", video_status="ready", duration_s=3600)
    db.session.commit()
    client.get(f"/films/{film.slug}")
    key = "v" + "a1" * 12
    progress.record_position(key, None, film, 760)
    db.session.commit()
    client.set_cookie("vk", key)
    page, statements = _get(client, count_queries, f"/films/{film.slug}")
    assert statements == 1  # where this visitor stopped, theirs alone; the page from the cache
    assert "Reprendre à 12:40" in page.get_data(as_text=True)


def test_a_new_comment_shows_on_the_film_page_at_once(app, client):
    from app.accounts import opinions

    film = make_film(title="Le Retour")
    member = make_user()
    db.session.commit()
    assert "Très beau film" not in client.get(f"/films/{film.slug}").get_data(as_text=True)
    opinions.add_comment(member, film, "Très beau film")
    db.session.commit()
    assert "Très beau film" in client.get(f"/films/{film.slug}").get_data(as_text=True)


def _page_entries(app, forget=False):
    from app.catalog import freshness

    keys = list(freshness.redis().scan_iter(f"{freshness.prefix()}:page:*", count=1000))
    if forget and keys:  # pages stored by earlier tests (stale, never served again)
        freshness.redis().delete(*keys)
    return len(keys)


def test_unknown_parameters_and_ignored_values_share_one_entry(app, client):
    make_film(title="Le Retour", year=2022)
    db.session.commit()
    _page_entries(app, forget=True)
    addresses = ["/", "/films", "/films?genre=drame&year=2022", "/recherche?q=retour", "/projets"]
    for n in range(40):
        addresses += [f"/?utm_source={n}", f"/films?x{n}=1", f"/films?year=2022&genre=drame&fbclid={n}",
                      f"/films?year={'deux' if n % 2 else n}", f"/films?page=0{n % 2}&country=ZZ{n}",
                      f"/recherche?q=retour&ref={n}", f"/projets?{n}", f"/films?par={n + 100}"]
    for address in addresses:
        assert client.get(address).status_code == 200, address
    assert _page_entries(app) == 5  # one per page the visitors could actually see


def test_a_shared_page_links_to_its_normal_address_not_the_typed_one(app, client, count_queries):
    make_film(title="Le Retour", year=2022)
    db.session.commit()
    first = client.get("/films?year=2022&utm_campaign=spam&genre=drame").get_data(as_text=True)
    assert "spam" not in first and "next=/films?genre%3Ddrame%26year%3D2022" in first.replace("&amp;", "&")
    again, statements = _get(client, count_queries, "/films?genre=drame&year=2022")
    assert statements == 0 and again.get_data(as_text=True) == first
