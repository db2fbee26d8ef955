"""A change evicts the cached pages that show it, and those only (app/catalog/freshness.py)."""
from app.accounts import opinions
from app.extensions import db
from app.funding import ledger
from app.funding.models import Contribution
from tests.factories import make_film, make_project, make_user


def _statements(client, count_queries, path):
    with count_queries() as counter:
        assert client.get(path).status_code == 200, path
    return counter.count


def _warm(client, *paths):
    for path in paths:
        client.get(path)


def test_a_comment_evicts_its_film_page_only(app, client, count_queries):
    a, b = make_film(title="Le Retour"), make_film(title="La Pirogue")
    member = make_user()
    db.session.commit()
    pages = (f"/films/{a.slug}", f"/films/{b.slug}", "/films", "/", "/recherche?q=retour")
    _warm(client, *pages)
    opinions.add_comment(member, a, "Très beau film")
    db.session.commit()
    assert _statements(client, count_queries, f"/films/{a.slug}") > 0
    assert "Très beau film" in client.get(f"/films/{a.slug}").get_data(as_text=True)
    for path in pages[1:]:
        assert _statements(client, count_queries, path) == 0, path


def test_a_credited_contribution_evicts_its_project_and_progress_lists_only(app, client, count_queries):
    a, b = make_film(title="Le Retour"), make_film(title="La Pirogue")
    project = make_project(film=a, goal=100_000)
    contribution = Contribution(project_id=project.id, amount_fcfa=25_000)
    db.session.add(contribution)
    db.session.commit()
    _warm(client, f"/films/{a.slug}", f"/films/{b.slug}", "/films", "/", "/projets")
    assert ledger.credit(contribution.id)
    db.session.commit()
    for path in (f"/films/{a.slug}", "/", "/projets"):
        assert _statements(client, count_queries, path) > 0, path
        assert "25 %" in client.get(path).get_data(as_text=True), path
    for path in (f"/films/{b.slug}", "/films"):
        assert _statements(client, count_queries, path) == 0, path


def test_a_renamed_film_evicts_the_lists_and_its_page(app, client, count_queries):
    a, b = make_film(title="Le Retour"), make_film(title="La Pirogue")
    db.session.commit()
    _warm(client, "/films", f"/films/{a.slug}", f"/films/{b.slug}")
    a.title = "Le Grand Retour"
    db.session.commit()
    assert "Le Grand Retour" in client.get("/films").get_data(as_text=True)
    assert "Le Grand Retour" in client.get(f"/films/{a.slug}").get_data(as_text=True)
    assert "Le Grand Retour" in client.get(f"/films/{b.slug}").get_data(as_text=True)  # "you may also like"


def test_transcoding_progress_evicts_nothing(app, client, count_queries):
    film = make_film(title="Le Retour")
    db.session.commit()
    _warm(client, "/films", f"/films/{film.slug}")
    film.transcode_progress = {"state": "encoding", "renditions": []}
    film.bytes_served = 10_000
    db.session.commit()
    assert _statements(client, count_queries, "/films") == 0
    assert _statements(client, count_queries, f"/films/{film.slug}") == 0


def test_a_rating_evicts_its_film_page(app, client, count_queries):
    film, other = make_film(title="Le Retour"), make_film(title="La Pirogue")
    member = make_user()
    db.session.commit()
    _warm(client, f"/films/{film.slug}", f"/films/{other.slug}")
    opinions.rate(member, film, 4)
    db.session.commit()
    assert "Noté 4,0/5" in client.get(f"/films/{film.slug}").get_data(as_text=True)
    assert _statements(client, count_queries, f"/films/{other.slug}") == 0


def test_a_project_going_live_shows_on_its_film_page(app, client):
    film = make_film(title="Le Retour")
    project = make_project(film=film, status="draft", title="La suite du Retour")
    db.session.commit()
    assert "La suite du Retour" not in client.get(f"/films/{film.slug}").get_data(as_text=True)
    project.status = "live"
    db.session.commit()
    assert "La suite du Retour" in client.get(f"/films/{film.slug}").get_data(as_text=True)
