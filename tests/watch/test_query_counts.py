"""Exact statement counts for the watching, account and offline pages."""
import pytest

from app.accounts.models import Favourite
from app.extensions import db
from app.watch.models import Viewing
from tests.factories import log_in, make_film, make_user


def _count(client, count_queries, path):
    with count_queries() as counter:
        assert client.get(path).status_code == 200, path
    return counter.count


@pytest.mark.parametrize("path, statements", [
    ("/films/{slug}/regarder", 6),  # film with genres, credits, people, renditions, subtitles
    ("/economie-de-donnees", 0),
    ("/telechargements", 0),
    ("/hors-ligne", 0),
    ("/connexion", 0),
])
def test_visitor_pages(client, count_queries, playable_film, path, statements):
    assert _count(client, count_queries, path.format(slug=playable_film.slug)) == statements


def test_member_pages_do_not_grow_with_what_they_list(client, count_queries, playable_film):
    member = make_user()
    db.session.commit()
    log_in(client, member)
    client.get("/")  # the member's row kept in the cache, as after any page read
    counts = []
    for extra in (0, 20):
        for i in range(extra):
            film = make_film(title=f"Encore {i}")
            db.session.add_all([Favourite(user_id=member.id, film_id=film.id),
                                Viewing(viewer_key=f"u{member.id}", user_id=member.id, film_id=film.id, position_s=5)])
        db.session.commit()
        counts.append({path: _count(client, count_queries, path) for path in ("/historique", "/ma-liste", "/compte")})
    assert counts[0] == counts[1]
    # the member from the cache, then the list
    assert counts[0] == {"/historique": 1, "/ma-liste": 1, "/compte": 0}
