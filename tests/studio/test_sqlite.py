"""Every studio page works on the embedded default's SQLite too, with contributions to count."""
import re

import pytest

from app.extensions import db
from app.funding.models import Contribution
from app.timeutil import utcnow
from tests.conftest import FreshContextClient
from tests.factories import log_in, make_film, make_project, make_user


@pytest.fixture
def studio_on_sqlite(sqlite_app):
    filmmaker = make_user("filmmaker", display_name="Afi")
    db.session.flush()
    film = make_film(title="Mon film", status="draft", owner_id=filmmaker.id, poster_key=None)
    project = make_project(film=film, owner_id=filmmaker.id, rewards=[("Affiche", 5000, 10)])
    db.session.add(Contribution(project_id=project.id, amount_fcfa=5000, display_name="Kafui", status="succeeded",
                                succeeded_at=utcnow(), reward_id=project.rewards[0].id))
    from app.studio import documents

    document = documents.add_document(project, "synopsis", "Synopsis", b"%PDF-1.4\n%%EOF\n")
    db.session.commit()
    sqlite_app.test_client_class = FreshContextClient
    client = sqlite_app.test_client()
    log_in(client, filmmaker)
    return client, {"film_id": film.id, "project_id": project.id, "document_id": document.id}


def test_every_studio_page_answers_on_sqlite(sqlite_app, studio_on_sqlite):
    client, ids = studio_on_sqlite
    pages = [rule for rule in sqlite_app.url_map.iter_rules()
             if rule.endpoint.startswith("studio.") and "GET" in rule.methods]
    assert len(pages) >= 7
    for rule in pages:
        path = rule.build({name: ids[name] for name in rule.arguments})[1]
        response = client.get(path)
        if response.status_code == 303:  # a live project is no longer edited: its page says so
            response = client.get(response.headers["Location"])
        assert response.status_code == 200, (path, response.status_code)
    project_page = client.get(f"/studio/projets/{ids['project_id']}").get_data(as_text=True)
    assert re.search(r"5[\s\u202f\xa0]000", project_page)


def test_a_film_is_created_from_the_studio_on_sqlite(sqlite_app, studio_on_sqlite):
    client, _ = studio_on_sqlite
    form = client.get("/studio/films/nouveau").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    response = client.post("/studio/films/nouveau", data={"csrf_token": token, "title": "Harmattan", "year": "2024",
                                                          "country": "TG", "synopsis": "Le vent du nord souffle sur Lomé."})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def test_an_early_screening_is_judged_on_sqlite_too(sqlite_app):
    from datetime import timedelta

    film = make_film(title="Bientôt", video_status="ready", backers_until=utcnow() + timedelta(days=3))
    db.session.commit()
    db.session.expire_all()  # read back as SQLite gives it: without a time zone
    client = sqlite_app.test_client()
    assert "Avant-première" in client.get(f"/films/{film.slug}").get_data(as_text=True)
