"""A favourite and a rating made offline reach the server once the network is back."""
import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.accounts.models import Favourite, Rating
from app.extensions import db
from tests.factories import make_film, make_user
from tests.simulator import wait_until

pytestmark = pytest.mark.browser


def test_offline_favourite_and_rating_are_sent_when_back_online(page, app):
    film = make_film(title="Kente", poster_key=None)
    user = make_user(password_hash=generate_password_hash("un-long-secret"))
    db.session.commit()
    page.goto("/connexion")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    page.fill("#phone", user.phone)
    page.fill("#password", "un-long-secret")
    page.click("main form button")
    page.wait_for_url("**/")
    page.goto(f"/films/{film.slug}")
    page.context.set_offline(True)
    try:
        page.click("text=Ajouter à ma liste")
        page.wait_for_selector("text=ce sera envoyé dès son retour")
        page.go_back()
        page.select_option("#stars", "5")
        page.click("text=Noter")
        page.wait_for_selector("text=ce sera envoyé dès son retour")
        db.session.expire_all()
        assert db.session.scalars(select(Favourite)).all() == []
    finally:
        page.context.set_offline(False)
    page.goto(f"/films/{film.slug}")  # back online: the next page tells the worker, which sends the queue

    def arrived():
        db.session.expire_all()
        return db.session.scalars(select(Favourite)).all() and db.session.scalars(select(Rating.stars)).all() == [5]

    wait_until(arrived, timeout=15, message="the queued actions")
