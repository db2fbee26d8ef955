"""The browse page's filter lists come from Redis until a commit changes the catalogue."""
from app.extensions import db
from tests.conftest import make_test_app
from tests.factories import make_film, make_person


def test_second_browse_page_reads_the_lists_from_redis(app, client, count_queries):
    make_film(title="Harmattan", director=make_person("Aïcha Ouédraogo"))
    db.session.commit()
    with count_queries() as first:
        assert client.get("/films").status_code == 200
    with count_queries() as second:  # another address: the page itself is not cached yet
        page = client.get("/films?genre=drame").get_data(as_text=True)
    assert (first.count, second.count) == (6, 2)  # count and films: the four lists are cached
    assert "Aïcha Ouédraogo" in page


def test_a_new_director_appears_on_the_next_page(app, client):
    make_film(title="Harmattan", director=make_person("Aïcha Ouédraogo"))
    db.session.commit()
    assert "Kossi Agbodjan" not in client.get("/films").get_data(as_text=True)
    make_film(title="La pirogue", director=make_person("Kossi Agbodjan"))
    db.session.commit()
    assert "Kossi Agbodjan" in client.get("/films").get_data(as_text=True)


def test_a_rolled_back_write_keeps_the_cache(app, client, count_queries):
    make_film(title="Harmattan", director=make_person("Aïcha Ouédraogo"))
    db.session.commit()
    client.get("/films")
    make_film(title="Brouillon", director=make_person("Personne"))
    db.session.rollback()
    with count_queries() as counter:
        assert "Personne" not in client.get("/films?genre=drame").get_data(as_text=True)
    assert counter.count == 2


def test_without_redis_the_lists_are_read_from_the_database(app, pg_database, tmp_path):
    app = make_test_app(pg_database, str(tmp_path), REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        make_film(title="Harmattan", director=make_person("Aïcha Ouédraogo"))
        db.session.commit()
        for _ in range(2):
            response = app.test_client().get("/films")
            assert response.status_code == 200
            assert "Aïcha Ouédraogo" in response.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()


def test_a_large_catalogue_lists_its_most_prolific_directors_and_stays_small(app, client):
    from app.catalog.queries import DIRECTOR_CHOICES
    from tests.wire import ACCEPT, wire_bytes

    prolific = make_person("Aïcha Ouédraogo")
    for n in range(3):
        make_film(title=f"Harmattan {n}", director=prolific)
    others = [make_person(f"Réalisateur {n:03d}") for n in range(200)]
    for person in others:
        make_film(director=person)
    db.session.commit()
    page = client.get("/films").get_data(as_text=True)
    response = client.get("/films", headers=ACCEPT)
    assert page.count('<option value="realisateur-') + page.count('<option value="aicha-') == DIRECTOR_CHOICES
    assert "Aïcha Ouédraogo" in page
    assert wire_bytes(response) <= 14 * 1024, wire_bytes(response)

    unlisted = next(p for p in others if f'value="{p.slug}"' not in page)
    chosen = client.get(f"/films?director={unlisted.slug}").get_data(as_text=True)
    assert f'<option value="{unlisted.slug}" selected>{unlisted.name}</option>' in chosen
