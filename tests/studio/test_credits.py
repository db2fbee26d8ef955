"""Credits typed as names, linked to members by phone or profile, listed on their profile."""
import re

from sqlalchemy import select

from app.catalog.models import Person
from app.extensions import db
from tests.factories import log_in, make_film, make_user


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _save(client, film, rows):
    path = f"/studio/films/{film.id}/generique"
    data = {"csrf_token": _token(client, path)}
    for i, row in enumerate(rows):
        data.update({f"role-{i}": row[0], f"name-{i}": row[1], f"member-{i}": row[2], f"character-{i}": row[3]})
    return client.post(path, data=data)


def test_credits_link_members_by_phone_and_profile_and_show_on_their_profiles(app, client, filmmaker):
    actress = make_user(phone="+22890111222", display_name="Ama K.")
    editor = make_user(display_name="Yao")
    film = make_film(title="La lagune", owner_id=filmmaker.id, status="published")
    db.session.commit()
    log_in(client, filmmaker)
    response = _save(client, film, [("director", "Afi Mensah", "", ""), ("actor", "Ama Koffi", "90 11 12 22", "Yawa"),
                                    ("editor", "Yao Dzifa", f"http://karangou.test/membres/{editor.id}", ""),
                                    ("actor", "", "", "")])
    assert response.status_code == 303
    db.session.expire_all()
    assert [(c.role, c.person.name, c.person.user_id, c.character_name) for c in film.credits] == [
        ("director", "Afi Mensah", None, None), ("actor", "Ama Koffi", actress.id, "Yawa"),
        ("editor", "Yao Dzifa", editor.id, None)]
    assert "koffi" in film.search_text
    client.post("/deconnexion", data={"csrf_token": _token(client, "/compte")})
    profile = client.get(f"/membres/{actress.id}").get_data(as_text=True)
    assert "Ama K." in profile and "La lagune" in profile and "Interprétation (Yawa)" in profile
    assert "90111222" not in profile and "22890" not in profile  # never the phone number
    assert f'href="/membres/{editor.id}"' in client.get(f"/films/{film.slug}").get_data(as_text=True)


def test_saving_again_keeps_one_person_per_member_and_the_page_comes_filled(app, client, filmmaker):
    member = make_user(display_name="Kossi")
    films = [make_film(owner_id=filmmaker.id) for _ in range(2)]
    db.session.commit()
    log_in(client, filmmaker)
    for film in films:
        assert _save(client, film, [("cinematographer", "Kossi A.", f"/membres/{member.id}", "")]).status_code == 303
    assert _save(client, films[0], [("cinematographer", "Kossi A.", f"/membres/{member.id}", "")]).status_code == 303
    assert db.session.scalars(select(Person).where(Person.user_id == member.id)).all() != []
    assert len(db.session.scalars(select(Person).where(Person.user_id == member.id)).all()) == 1
    page = client.get(f"/studio/films/{films[0].id}/generique").get_data(as_text=True)
    assert 'value="Kossi A."' in page and f'value="/membres/{member.id}"' in page
    assert page.count('name="name-') == 4  # the credit and three empty lines
    assert client.get(f"/membres/{member.id}").get_data(as_text=True).count("<li>") == 2


def test_an_unknown_member_keeps_what_was_typed_and_changes_nothing(app, client, filmmaker):
    film = make_film(owner_id=filmmaker.id)
    before = [(c.role, c.person.name) for c in film.credits]
    db.session.commit()
    log_in(client, filmmaker)
    response = _save(client, film, [("actor", "Sena Typée", "90 99 99 98", ""), ("actor", "X", "pas un numéro", "")])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ligne 1 : aucun membre trouvé" in page and 'value="Sena Typée"' in page
    assert _save(client, film, [("actor", "Sena", "pas un numéro", "")]).status_code == 422
    assert _save(client, film, [("chef", "Sena", "", "")]).status_code == 422
    db.session.expire_all()
    assert [(c.role, c.person.name) for c in film.credits] == before


def test_a_profile_without_a_published_film_is_shown_only_to_its_owner(app, client):
    member = make_user(display_name="Discrète")
    other = make_user(display_name="Autre")
    draft = make_film(status="draft")
    db.session.add(Person(slug="discrete", name="Discrète", user_id=member.id))
    db.session.commit()
    draft.credits[0].person.user_id = None
    db.session.commit()
    assert client.get(f"/membres/{member.id}").status_code == 404
    log_in(client, other)
    assert client.get(f"/membres/{member.id}").status_code == 404
    log_in(client, member)
    page = client.get(f"/membres/{member.id}").get_data(as_text=True)
    assert f"/membres/{member.id}" in page and "Vous seul voyez cette page" in page
    assert client.get("/membres/99999999").status_code == 404


def test_the_new_studio_and_member_pages_speak_english(app, client, filmmaker):
    from app.funding.models import Contribution
    from tests.factories import make_project

    filmmaker.locale = "en"
    film = make_film(owner_id=filmmaker.id, status="published")
    film.credits[0].person.user_id = filmmaker.id
    project = make_project(owner_id=filmmaker.id, film=film, status="funded", rewards=[("Your name in the credits", 1000, None)])
    db.session.add(Contribution(project_id=project.id, amount_fcfa=1000, display_name="Sena", status="succeeded",
                                reward_id=project.rewards[0].id, user_id=filmmaker.id))
    db.session.commit()
    log_in(client, filmmaker)
    expected = {f"/studio/films/{film.id}/modifier": "Edit the film",
                f"/studio/films/{film.id}/generique": "Member: phone or profile address",
                f"/studio/projets/{project.id}/contreparties": "Rewards to deliver",
                f"/studio/projets/{project.id}/noms-au-generique": "Names for the credits",
                f"/membres/{filmmaker.id}": "Your profile address",
                "/compte/contributions": "to be delivered by the team"}
    for path, words in expected.items():
        page = client.get(path).get_data(as_text=True)
        assert words in page and 'lang="en"' in page, path
    assert "<li>Sena</li>" in client.get(f"/studio/projets/{project.id}/noms-au-generique").get_data(as_text=True)
