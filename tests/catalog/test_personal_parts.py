"""Cached pages carry each visitor's own parts, rendered afresh (app/catalog/personal.py)."""
import re

from app.accounts import opinions
from app.extensions import db
from app.watch import progress
from tests.factories import log_in, make_film, make_user


def _page(client, count_queries, path):
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True), counter.count


def test_two_members_share_the_film_page_each_with_their_list_rating_and_position(app, client, count_queries):
    film = make_film(title="Le Retour", video_status="ready", duration_s=3600)
    awa, kofi = make_user(display_name="Awa"), make_user(display_name="Kofi")
    db.session.commit()
    opinions.rate(awa, film, 4)
    opinions.toggle_favourite(awa, film)
    progress.record_position(f"u{awa.id}", awa.id, film, 760)
    db.session.commit()
    first, second = client, app.test_client()  # two browsers, each request in a context of its own
    log_in(first, awa)
    log_in(second, kofi)
    for client in (first, second):
        client.get(f"/films/{film.slug}")  # signing in completes the session; the page is stored next
    second.get(f"/films/{film.slug}")
    awa_page, awa_statements = _page(first, count_queries, f"/films/{film.slug}")
    kofi_page, kofi_statements = _page(second, count_queries, f"/films/{film.slug}")
    assert "Reprendre à 12:40" in awa_page and "Reprendre à" not in kofi_page
    assert 'value="4" selected' in awa_page and "selected" not in kofi_page
    assert "Retirer de ma liste" in awa_page and "Ajouter à ma liste" in kofi_page
    # the member and their parts come from the cache too: no statement at all
    assert awa_statements == kofi_statements == 0
    assert "<!--personal:" not in awa_page + kofi_page


def test_a_spliced_token_is_the_members_own_and_is_accepted(app, client, count_queries):
    film = make_film(title="Le Retour")
    member = make_user()
    db.session.commit()
    log_in(client, member)
    client.get(f"/films/{film.slug}")
    client.get(f"/films/{film.slug}")
    page, statements = _page(client, count_queries, f"/films/{film.slug}")
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert statements == 0 and len(tokens) == 1  # the member and their list and rating, from the cache
    assert client.post(f"/films/{film.slug}/favori", data={"csrf_token": "not-the-token"}).status_code == 400
    assert client.post(f"/films/{film.slug}/favori", data={"csrf_token": tokens.pop()}).status_code == 303
    assert "Retirer de ma liste" in client.get(f"/films/{film.slug}").get_data(as_text=True)


def test_the_home_page_from_the_cache_shows_the_members_continue_watching_row(app, client, count_queries):
    film = make_film(title="Le Retour", video_status="ready", duration_s=3600)
    member = make_user()
    db.session.commit()
    progress.record_position(f"u{member.id}", member.id, film, 125)
    db.session.commit()
    client.get("/")
    log_in(client, member)
    client.get("/")
    client.get("/")
    page, statements = _page(client, count_queries, "/")
    assert statements == 0 and "Continuer à regarder" in page and "Reprendre à 2:05" in page


def test_a_position_a_rating_or_a_role_changed_shows_on_the_next_cached_page(app, client, count_queries):
    from app.accounts.models import User

    film = make_film(title="Le Retour", video_status="ready", duration_s=3600)
    member = make_user()
    db.session.commit()
    progress.record_position(f"u{member.id}", member.id, film, 125)
    db.session.commit()
    log_in(client, member)
    for _ in range(2):
        client.get("/"), client.get(f"/films/{film.slug}")
    assert "Reprendre à 2:05" in _page(client, count_queries, "/")[0]
    progress.record_position(f"u{member.id}", member.id, film, 185)
    opinions.rate(member, film, 2)
    db.session.commit()
    home, statements = _page(client, count_queries, "/")
    assert "Reprendre à 3:05" in home and "Reprendre à 2:05" not in home and statements > 0
    film_page = _page(client, count_queries, f"/films/{film.slug}")[0]
    assert 'value="2" selected' in film_page and "Reprendre à 3:05" in film_page
    assert "/studio" not in film_page
    db.session.get(User, member.id).role = "filmmaker"
    db.session.commit()
    assert "/studio" in _page(client, count_queries, f"/films/{film.slug}")[0]  # the member's row read again


def test_a_member_disabled_is_signed_out_on_the_next_page(app, client):
    from app.accounts.models import User
    from app.timeutil import utcnow

    member = make_user()
    db.session.commit()
    log_in(client, member)
    for _ in range(3):
        assert "/compte" in client.get("/").get_data(as_text=True)
    db.session.get(User, member.id).disabled_at = utcnow()
    db.session.commit()
    assert "/compte" not in client.get("/").get_data(as_text=True)
