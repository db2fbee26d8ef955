"""Signing up and rating a film in real Chromium, under the strict CSP, with no violation."""
import re

import pytest
from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.sms.models import SmsMessage
from tests.factories import make_film

pytestmark = pytest.mark.browser


def test_sign_up_with_the_sms_code_and_rate_a_film(page, app):
    film = make_film(title="Harmattan", poster_key=None)
    db.session.commit()
    page.goto("/inscription")
    page.fill("#phone", "90 66 66 01")
    page.fill("#display_name", "Ama")
    page.click("main form button")
    page.wait_for_url("**/inscription/code")
    db.session.expire_all()
    body = db.session.scalars(select(SmsMessage.body).where(SmsMessage.to_phone == "+22890666601")).one()
    page.fill("#code", re.search(r"\d{6}", body).group(0))
    page.fill("#password", "un-long-secret")
    page.click("main form button")
    page.wait_for_url("**/")
    assert page.is_visible("text=Mon compte")
    page.goto(f"/films/{film.slug}")
    page.select_option("#stars", "4")
    page.click("text=Noter")
    page.wait_for_url(f"**/films/{film.slug}*")
    db.session.expire_all()
    assert (db.session.get(Film, film.id).rating_count, db.session.get(Film, film.id).rating_sum) == (1, 4)
    assert page.console_errors == []
