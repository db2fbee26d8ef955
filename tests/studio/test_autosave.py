"""The project form saves itself as it is typed: a reload, or a lost connection, loses nothing."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.funding.models import Project
from tests.factories import log_in, make_project
from tests.studio.test_upload_browser import _sign_in


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _project():
    db.session.expire_all()
    return db.session.scalars(select(Project)).one()


def test_the_first_autosave_makes_the_draft_and_names_its_addresses(client, filmmaker):
    log_in(client, filmmaker)
    token = _token(client, "/studio/projets/nouveau")
    response = client.post("/studio/projets/brouillon", data={"csrf_token": token, "title": "Le griot",
                                                              "synopsis": "Il était une fois", "goal_fcfa": "12"})
    assert response.status_code == 204
    project = _project()
    assert (project.title, project.synopsis, project.status) == ("Le griot", "Il était une fois", "draft")
    assert response.headers["X-Draft-Edit"] == f"/studio/projets/{project.id}/modifier"
    assert response.headers["X-Draft-Save"] == f"/studio/projets/{project.id}/brouillon"


def test_an_autosave_keeps_what_is_readable_and_the_rest_as_it_was(client, filmmaker):
    project = make_project(status="draft", owner_id=filmmaker.id, goal=2_000_000)
    project.budget_lines = []
    db.session.commit()
    log_in(client, filmmaker)
    token = _token(client, f"/studio/projets/{project.id}/modifier")
    response = client.post(f"/studio/projets/{project.id}/brouillon", data={
        "csrf_token": token, "title": "Titre nouveau", "goal_fcfa": "3", "budget": "Tournage sans montant",
        "funding_model": "flexible"})
    assert response.status_code == 204 and "X-Draft-Edit" not in response.headers
    project = _project()
    assert (project.title, project.goal_fcfa, project.budget_lines) == ("Titre nouveau", 2_000_000, [])


def test_an_autosave_without_the_pages_token_is_refused(client, filmmaker):
    log_in(client, filmmaker)
    assert client.post("/studio/projets/brouillon", data={"title": "Sans jeton"}).status_code == 400
    assert db.session.scalars(select(Project)).all() == []


def test_a_project_in_review_is_not_changed_by_an_autosave(client, filmmaker):
    project = make_project(status="submitted", owner_id=filmmaker.id, title="En examen")
    db.session.commit()
    log_in(client, filmmaker)
    token = _token(client, "/studio/projets/nouveau")
    assert client.post(f"/studio/projets/{project.id}/brouillon",
                       data={"csrf_token": token, "title": "Changé"}).status_code == 409
    assert _project().title == "En examen"


@pytest.mark.browser
def test_what_is_typed_survives_a_reload(page, filmmaker):
    _sign_in(page, filmmaker)
    page.goto("/studio/projets/nouveau")
    page.fill("#title", "La pirogue de Lomé")
    page.fill("#synopsis", "Deux sœurs réparent la pirogue de leur père.")
    page.wait_for_selector("text=Brouillon enregistré.")
    page.wait_for_url("**/studio/projets/*/modifier")
    assert _project().synopsis == "Deux sœurs réparent la pirogue de leur père."
    page.reload()
    assert page.input_value("#title") == "La pirogue de Lomé"
    assert page.input_value("#synopsis") == "Deux sœurs réparent la pirogue de leur père."
    assert page.console_errors == []


@pytest.mark.browser
def test_what_is_typed_offline_is_saved_when_the_network_returns(page, filmmaker):
    project = make_project(status="draft", owner_id=filmmaker.id, title="Hors ligne")
    db.session.commit()
    _sign_in(page, filmmaker)
    page.goto(f"/studio/projets/{project.id}/modifier")
    page.context.set_offline(True)
    page.fill("#technical_sheet", "HD, 26 min, wolof sous-titré")
    page.wait_for_selector("text=Pas encore enregistré : gardé sur ce téléphone jusqu’au retour de la connexion.")
    assert _project().technical_sheet == ""
    page.context.set_offline(False)
    page.wait_for_selector("text=Brouillon enregistré.")
    assert _project().technical_sheet == "HD, 26 min, wolof sous-titré"


@pytest.mark.browser
def test_what_the_server_did_not_get_comes_back_from_the_phone_after_a_reload(page, filmmaker):
    project = make_project(status="draft", owner_id=filmmaker.id, title="Coupure")
    db.session.commit()
    _sign_in(page, filmmaker)
    page.route("**/brouillon", lambda route: route.abort())  # the saves are lost on the way
    page.goto(f"/studio/projets/{project.id}/modifier")
    page.fill("#synopsis", "Un village sans réseau attend son premier film.")
    page.wait_for_selector("text=Pas encore enregistré : gardé sur ce téléphone jusqu’au retour de la connexion.")
    page.unroute("**/brouillon")
    page.reload()
    assert page.input_value("#synopsis") == "Un village sans réseau attend son premier film."
    page.wait_for_selector("text=Brouillon enregistré.")
    assert _project().synopsis == "Un village sans réseau attend son premier film."
