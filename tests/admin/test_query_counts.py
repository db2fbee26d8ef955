"""Exact statement counts for the studio and back-office pages, whatever they list."""
from app.accounts.models import Comment
from app.extensions import db
from tests.factories import log_in, make_film, make_project, make_user

PAGES = ("/studio/", "/admin/", "/admin/films", "/admin/membres", "/admin/commentaires", "/admin/journal")


def _fill(owner, admin, viewer, n):
    for i in range(n):
        film = make_film(title=f"Film {i}", owner_id=owner.id)
        make_project(owner_id=owner.id, status="submitted")
        db.session.add(Comment(user_id=viewer.id, film_id=film.id, body="Signalé", reports_count=1))
        make_user()
    db.session.commit()


def _counts(client, count_queries, user):
    log_in(client, user)
    client.get("/")  # a page read keeps the member's row in the cache (app/accounts/member_cache.py)
    found = {}
    for path in PAGES:
        if path.startswith("/admin") != user.is_admin:
            continue
        with count_queries() as counter:
            assert client.get(path).status_code == 200, path
        found[path] = counter.count
    return found


def test_studio_and_admin_pages_cost_the_same_with_2_or_20_rows(client, count_queries, app):
    owner, admin, viewer = make_user("filmmaker"), make_user("admin"), make_user()
    db.session.commit()
    _fill(owner, admin, viewer, 2)
    small = {**_counts(client, count_queries, owner), **_counts(client, count_queries, admin)}
    _fill(owner, admin, viewer, 18)
    large = {**_counts(client, count_queries, owner), **_counts(client, count_queries, admin)}
    assert small == large
    # the studio reads its member from the cache; the admin reads the row itself
    assert small == {"/studio/": 2, "/admin/": 6, "/admin/films": 2, "/admin/membres": 2,
                     "/admin/commentaires": 2, "/admin/journal": 2}
