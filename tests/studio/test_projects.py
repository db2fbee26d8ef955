"""Writing a project in the studio: drafts keep everything typed, submission checks it all."""
import re
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.funding.models import Project
from tests.factories import log_in

COMPLETE = {
    "title": "Fatou capitaine", "pitch": "Fatou monte la première équipe féminine de Rufisque.",
    "synopsis": "Fatou a grandi. " * 10, "technical_sheet": "HD, 90 min", "goal_fcfa": "4500000",
    "ends_on": (date.today() + timedelta(days=30)).isoformat(), "funding_model": "all_or_nothing",
    "budget": "Tournage 3 000 000\nMontage 1500000", "rewards": "1000 Merci au générique\n5000 Affiche signée 50",
    "film_id": "", "showreel_url": "",
}


def _post(client, path, data, action):
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return client.post(path, data={**data, "csrf_token": token, "action": action})


def test_half_written_draft_is_saved_and_comes_back_filled(app, client, filmmaker):
    log_in(client, filmmaker)
    response = _post(client, "/studio/projets/nouveau", {"title": "Idée", "synopsis": "Une idée pas finie", "goal_fcfa": ""}, "save")
    assert response.status_code == 303
    project = db.session.scalars(select(Project)).one()
    assert (project.status, project.title, project.owner_id) == ("draft", "Idée", filmmaker.id)
    page = client.get(f"/studio/projets/{project.id}/modifier").get_data(as_text=True)
    assert "Une idée pas finie" in page


def test_complete_project_is_submitted_with_budget_and_rewards(app, client, filmmaker):
    log_in(client, filmmaker)
    assert _post(client, "/studio/projets/nouveau", COMPLETE, "submit").status_code == 303
    project = db.session.scalars(select(Project)).one()
    assert project.status == "submitted" and project.funding_model == "all_or_nothing"
    assert [(b.label, b.amount_fcfa) for b in project.budget_lines] == [("Tournage", 3_000_000), ("Montage", 1_500_000)]
    assert [(r.min_amount_fcfa, r.title, r.quantity) for r in project.rewards] == [
        (1000, "Merci au générique", None), (5000, "Affiche signée", 50)]
    assert len(project.short_code) == 6
    assert client.get(f"/studio/projets/{project.id}/modifier").status_code == 303  # no edits while in review


def test_incomplete_submission_keeps_the_draft_and_says_what_is_missing(app, client, filmmaker):
    log_in(client, filmmaker)
    response = _post(client, "/studio/projets/nouveau", {**COMPLETE, "synopsis": "Trop court"}, "submit")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Avant de soumettre, ajoutez" in page and "Trop court" in page
    assert db.session.scalars(select(Project)).one().status == "draft"


def test_unreadable_budget_line_returns_the_form_with_everything_typed(app, client, filmmaker):
    log_in(client, filmmaker)
    response = _post(client, "/studio/projets/nouveau", {**COMPLETE, "budget": "Tournage sans montant"}, "save")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ligne de budget 1" in page and "Tournage sans montant" in page and "Fatou capitaine" in page
    assert db.session.scalars(select(Project)).all() == []


def test_another_filmmaker_cannot_edit_my_project(app, client, filmmaker, other_filmmaker):
    log_in(client, filmmaker)
    _post(client, "/studio/projets/nouveau", COMPLETE, "save")
    project = db.session.scalars(select(Project)).one()
    log_in(client, other_filmmaker)
    assert client.get(f"/studio/projets/{project.id}/modifier").status_code == 404
    assert client.post(f"/studio/projets/{project.id}/modifier", data=COMPLETE).status_code in (400, 404)


def test_only_the_teams_own_films_can_be_linked(app, client, filmmaker, other_filmmaker):
    from tests.factories import make_film

    theirs = make_film(title="Leur film", owner_id=other_filmmaker.id)
    db.session.commit()
    log_in(client, filmmaker)
    for film_id in (str(theirs.id), "abc", "2147483648"):
        response = _post(client, "/studio/projets/nouveau", {**COMPLETE, "film_id": film_id}, "save")
        assert response.status_code == 404, film_id
    assert db.session.scalars(select(Project)).all() == []


def test_a_film_page_promotes_only_a_live_project_and_the_review_card_names_the_film(app, client, filmmaker):
    from tests.factories import make_film, make_project, make_user

    film = make_film(title="Harmattan", owner_id=filmmaker.id)
    project = make_project(film=film, status="submitted", owner_id=filmmaker.id, title="La suite d'Harmattan")
    admin = make_user("admin")
    db.session.commit()
    assert "La suite d'Harmattan" not in client.get(f"/films/{film.slug}").get_data(as_text=True)
    log_in(client, admin)
    card = client.get("/admin/").get_data(as_text=True)
    assert "Film lié" in card and f'/films/{film.slug}"' in card
    project.status = "live"
    db.session.commit()
    assert "La suite d&#39;Harmattan" in client.get(f"/films/{film.slug}").get_data(as_text=True)
