"""The classes of input that used to answer 500, each answered with a clear refusal instead."""
import re
import threading

import pytest
from sqlalchemy import func, select

from app.accounts.models import Comment, Favourite
from app.catalog.models import Film
from app.extensions import db
from app.funding.models import Contribution
from tests.factories import log_in, make_film, make_project, make_user


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


@pytest.mark.parametrize("path", ["/films/a%00b", "/p/%00", "/paiements/%00", "/projets/a%00b/contribuer",
                                  "/films/a%00b/regarder"])
def test_a_nul_byte_in_a_path_names_nothing(client, path):
    assert client.get(path).status_code == 404


def test_a_nul_byte_typed_in_a_form_is_dropped(client, app):
    project = make_project(code="NUL1")
    db.session.commit()
    key = re.search(r'name="key" value="([^"]+)"', client.get("/projets/NUL1/contribuer").get_data(as_text=True))
    response = client.post("/projets/NUL1/contribuer", data={
        "csrf_token": _token(client, "/projets/NUL1/contribuer"), "key": key.group(1), "amount": "1\x00500",
        "phone": "90 00 00\x00 03", "name": "Ak\x00ossiwa", "pay_by": "mobile", "operator": "auto"})
    assert response.status_code < 500
    assert "\x00" not in response.get_data(as_text=True)
    stored = db.session.scalars(select(Contribution).where(Contribution.project_id == project.id)).all()
    assert all("\x00" not in (c.display_name or "") for c in stored)


@pytest.mark.parametrize("value", ["²", "٣", "１２", "9" * 40])
def test_unicode_or_huge_digits_in_the_browse_filters_are_ignored(client, value):
    assert client.get(f"/films?year={value}&page={value}").status_code == 200


@pytest.mark.parametrize("path", ["/admin/paiements/2147483648", "/studio/films/9223372036854775808",
                                  "/commentaires/2147483648/signaler"])
def test_ids_past_32_bits_are_not_found(client, app, path):
    log_in(client, make_user("admin"))
    db.session.commit()
    response = client.get(path) if "signaler" not in path else client.post(path)
    assert response.status_code in (404, 405, 400)


def test_a_large_goal_does_not_break_the_projects_page(client, app):
    make_project(code="BIG1", goal=400_000_000, raised_fcfa=300_000_000)
    make_project(code="BIG2", goal=2_000_000_000, raised_fcfa=1_500_000_000)
    db.session.commit()
    page = client.get("/projets")
    assert page.status_code == 200 and "BIG1" in page.get_data(as_text=True)


def test_a_contributor_name_past_80_characters_is_refused_and_kept(client, app):
    make_project(code="NAME1")
    db.session.commit()
    page = client.get("/projets/NAME1/contribuer").get_data(as_text=True)
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    name = "Adjoa " + "é" * 90
    response = client.post("/projets/NAME1/contribuer", data={
        "csrf_token": _token(client, "/projets/NAME1/contribuer"), "key": key, "amount": "1000",
        "phone": "90 00 00 03", "name": name, "pay_by": "mobile", "operator": "auto"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "80 caractères au plus" in text and name in text


def test_one_member_reporting_a_comment_again_counts_once(client, app):
    film = make_film()
    member, author = make_user(), make_user()
    db.session.add(Comment(user_id=author.id, film_id=film.id, body="Bof."))
    db.session.commit()
    comment = db.session.scalars(select(Comment)).one()
    log_in(client, member)
    token = _token(client, f"/films/{film.slug}")
    for _ in range(4):
        assert client.post(f"/commentaires/{comment.id}/signaler", data={"csrf_token": token}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).reports_count == 1


def _at_once(count, request):
    """Runs `request(i)` in `count` threads released together; returns their statuses."""
    barrier, statuses = threading.Barrier(count), [None] * count

    def run(i):
        barrier.wait()
        try:
            statuses[i] = request(i)
        except Exception as error:  # shown in the assertion, not lost in the thread
            statuses[i] = repr(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return statuses


def test_a_favourite_tapped_several_times_at_once_never_fails(app, no_csrf_app):
    film, member = make_film(), make_user()
    db.session.commit()
    clients = [app.test_client() for _ in range(6)]
    for client in clients:
        log_in(client, member)
    path = f"/films/{film.slug}/favori"
    statuses = _at_once(6, lambda i: clients[i].post(path).status_code)
    assert statuses == [303] * 6
    assert db.session.scalar(select(func.count()).select_from(Favourite)) in (0, 1)


def test_two_films_of_one_title_created_at_once_both_exist(app, no_csrf_app):
    filmmaker = make_user("filmmaker")
    db.session.commit()
    clients = [app.test_client() for _ in range(4)]
    for client in clients:
        log_in(client, filmmaker)
    form = {"title": "Le marché d'Assigamé", "synopsis": "Au grand marché de Lomé.", "year": "2024",
            "country": "TG", "language": "fr"}
    statuses = _at_once(4, lambda i: clients[i].post("/studio/films/nouveau", data=form).status_code)
    assert statuses == [303] * 4
    slugs = db.session.scalars(select(Film.slug).where(Film.owner_id == filmmaker.id)).all()
    assert len(slugs) == 4 and len(set(slugs)) == 4


@pytest.fixture
def no_csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = False
    yield app
    app.config["WTF_CSRF_ENABLED"] = True
