"""Talent profiles show only what their member chose, never a phone or e-mail; the search finds only that."""
import re

import pytest

from app.catalog.models import Credit
from app.extensions import db
from app.teams import talents
from tests.factories import log_in, make_film, make_person, make_user
from tests.teams.conftest import post
from tests.wire import ACCEPT, wire_bytes

KB = 1024
EVERYTHING_SHOWN = {f"show_{part}": "yes" for part in talents.PARTS}


def _public(user, **fields):
    form = {"is_public": "yes", **EVERYTHING_SHOWN, **fields}
    languages = form.pop("languages", [])
    talents.save_profile(user, _Form(form, languages))


class _Form(dict):
    """What request.form offers save_profile: get() and getlist()."""

    def __init__(self, values, languages):
        super().__init__(values)
        self.languages = languages

    def getlist(self, name):
        return self.languages if name == "languages" else []


def _found(client, **args):
    page = client.get("/talents", query_string=args).get_data(as_text=True)
    return sorted(re.findall(r'<a href="/membres/\d+"><strong>([^<]+)</strong>', page))


@pytest.fixture
def people(app):
    ama = make_user(phone="+22890111222", display_name="Ama", email="ama@example.com")
    kossi = make_user(display_name="Kossi")
    yao = make_user(display_name="Yao")
    make_user(display_name="Cachée")  # no public profile: never listed
    film = make_film(title="La lagune")
    film.credits.append(Credit(person=make_person("Ama A."), role="actor", position=1))
    film.credits[-1].person.user_id = ama.id
    film.credits.append(Credit(person=make_person("Kossi K."), role="sound", position=2))
    film.credits[-1].person.user_id = kossi.id
    _public(ama, skills="Danse, chant", city="Kpalimé", country="TG", languages=["ewe", "fr"], bio="Comédienne.")
    _public(kossi, skills="Perche, mixage", city="Cotonou", country="BJ", languages=["fon", "fr"])
    _public(yao, skills="Caméra", city="Lomé", country="TG", languages=["kabiye"], show_city="", show_country="",
            show_languages="", show_skills="", bio="Secret de Sokodé", show_bio="")
    db.session.commit()
    return {"ama": ama, "kossi": kossi, "yao": yao}


def test_a_profile_never_shows_the_phone_number_or_the_e_mail(client, people):
    log_in(client, people["ama"])  # even to its owner
    for viewer in ("owner", "public"):
        page = client.get(f"/membres/{people['ama'].id}").get_data(as_text=True)
        assert "Danse, chant" in page and "Kpalimé, Togo" in page and "Éwé, Français" in page
        assert "ama@example.com" not in page and "90111222" not in page and "22890" not in page, viewer
        with client.session_transaction() as session:
            session.clear()


def test_hidden_parts_are_neither_shown_nor_searchable(client, people):
    page = client.get(f"/membres/{people['yao'].id}").get_data(as_text=True)
    assert "Yao" in page
    for hidden in ("Caméra", "Lomé", "Kabiyè", "Sokodé", "Togo"):
        assert hidden not in page
    assert _found(client, city="Lomé") == [] and _found(client, skill="camera") == []
    assert _found(client, language="kabiye") == [] and _found(client, q="sokode") == []
    assert _found(client, country="TG") == ["Ama"]
    assert _found(client) == ["Ama", "Kossi", "Yao"]  # the profile is public, its hidden parts are not


def test_the_talent_search_filters_by_role_skill_city_country_and_language(client, people):
    assert _found(client, role="actor") == ["Ama"] and _found(client, role="sound") == ["Kossi"]
    assert _found(client, skill="mixage") == ["Kossi"] and _found(client, skill="DANSE") == ["Ama"]
    assert _found(client, city="kpalime") == ["Ama"] and _found(client, country="BJ") == ["Kossi"]
    assert _found(client, language="fr") == ["Ama", "Kossi"] and _found(client, language="fon") == ["Kossi"]
    assert _found(client, q="comedienne") == ["Ama"] and _found(client, role="actor", country="BJ") == []


def test_a_member_chooses_what_shows_from_their_talent_settings(client, people):
    log_in(client, people["kossi"])
    response = post(client, "/compte/profil-talent", {"is_public": "yes", "skills": "Perche", "city": "Porto-Novo",
                                                       "country": "BJ", "show_skills": "yes", "available": "yes",
                                                       "show_available": "yes"})
    assert response.status_code == 303
    page = client.get(f"/membres/{people['kossi'].id}").get_data(as_text=True)
    assert "Disponible pour travailler" in page and "Perche" in page and "Porto-Novo" not in page
    assert _found(client, city="porto") == [] and _found(client, skill="perche") == ["Kossi"]
    refused = post(client, "/compte/profil-talent", {"skills": "Perche", "city": "Ouidah", "country": "ZZ"})
    assert refused.status_code == 422 and 'value="Ouidah"' in refused.get_data(as_text=True)


def test_the_talent_pages_fit_in_14_kb(client, app, people):
    for n in range(talents.PAGE_SIZE + 5):
        _public(make_user(display_name=f"Technicienne numéro {n}"), skills="Caméra, montage, lumière, son, décor, costumes",
                city="Lomé", country="TG", languages=["ewe", "fr", "en"], bio="Dix ans de plateaux. " * 20)
    db.session.commit()
    log_in(client, people["ama"])
    for path in ("/talents", "/talents?page=2", f"/membres/{people['ama'].id}", "/compte/profil-talent"):
        response = client.get(path, headers=ACCEPT)
        assert response.status_code == 200 and wire_bytes(response) <= 14 * KB, (path, wire_bytes(response))
    assert "Suivant" in client.get("/talents").get_data(as_text=True)


def test_the_talent_search_sends_the_same_two_statements_for_three_or_twenty_members(client, people, count_queries):
    counts = []
    for extra in (0, 17):
        for n in range(extra):
            _public(make_user(display_name=f"Membre {n}"), skills="Son", city="Lomé", country="TG")
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/talents?language=&role=").status_code == 200
        counts.append(counter.count)
    assert counts == [2, 2]  # the page of profiles, then every shown member's roles at once
