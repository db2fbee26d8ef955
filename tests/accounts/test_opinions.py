"""Favourites, ratings with exact counters, comments with personal data masked, reports."""

from sqlalchemy import select

from app.accounts.models import Comment
from app.catalog.models import Film
from app.extensions import db
from tests.factories import log_in, make_film, make_user
from tests.accounts.forms import csrf as _csrf


def test_rating_twice_changes_the_sum_not_the_count(client, app):
    film = make_film()
    first, second = make_user(), make_user()
    db.session.commit()
    for user, stars in ((first, 5), (second, 3), (first, 2)):
        log_in(client, user)
        token = _csrf(client, f"/films/{film.slug}")
        assert client.post(f"/films/{film.slug}/note", data={"stars": stars, "csrf_token": token}).status_code == 303
    db.session.expire_all()
    film = db.session.get(Film, film.id)
    assert (film.rating_count, film.rating_sum, film.rating) == (2, 5, 2.5)


def test_favourites_make_my_list(client, app):
    film = make_film(title="Kente")
    user = make_user()
    db.session.commit()
    log_in(client, user)
    token = _csrf(client, f"/films/{film.slug}")
    client.post(f"/films/{film.slug}/favori", data={"csrf_token": token})
    assert "Kente" in client.get("/ma-liste").get_data(as_text=True)
    client.post(f"/films/{film.slug}/favori", data={"csrf_token": token})
    assert "Kente" not in client.get("/ma-liste").get_data(as_text=True)


def test_comments_hide_phone_numbers_and_emails_and_can_be_reported(client, app):
    film = make_film()
    user = make_user(display_name="Sena")
    db.session.commit()
    log_in(client, user)
    token = _csrf(client, f"/films/{film.slug}")
    client.post(f"/films/{film.slug}/commentaires",
                data={"body": "Super ! Appelez-moi au +228 90 12 34 56 ou sena@example.tg", "csrf_token": token})
    page = client.get(f"/films/{film.slug}").get_data(as_text=True)
    assert "Super ! Appelez-moi au [numéro masqué] ou [e-mail masqué]" in page
    assert "90 12 34 56" not in page and "sena@example.tg" not in page
    comment = db.session.scalars(select(Comment)).one()
    client.post(f"/commentaires/{comment.id}/signaler", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).reports_count == 1


def test_visitors_are_asked_to_sign_in(client, app):
    film = make_film()
    db.session.commit()
    assert "Connectez-vous pour noter" in client.get(f"/films/{film.slug}").get_data(as_text=True)
    token = _csrf(client, "/connexion")
    response = client.post(f"/films/{film.slug}/note", data={"stars": "5", "csrf_token": token})
    assert response.status_code == 302 and "/connexion" in response.location
