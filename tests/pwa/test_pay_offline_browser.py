"""Paying with no network ends on our own page, never the browser's error, in real Chromium at 360 px."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.payments.models import Payment
from tests.factories import make_project

pytestmark = pytest.mark.browser
SAID = {"fr": "Pas de réseau : votre contribution n'est pas partie, rien n'a été prélevé.",
        "en": "No network: your contribution did not leave, nothing was charged."}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_paying_offline_says_nothing_left_and_nothing_was_charged(page, live_server, lang):
    project = make_project(title="Le prochain film")
    db.session.commit()
    page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url}])
    page.goto(f"/projets/{project.short_code}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    page.reload()  # now through the worker, which keeps the page
    page.fill("#amount", "2000")
    page.fill("#phone", "90 21 21 01")
    page.context.set_offline(True)
    try:
        page.click("#pay button")
        page.wait_for_selector("[role=alert]")
        assert page.locator("[role=alert]").inner_text() == SAID[lang]
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.context.set_offline(False)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 0
    page.click("text=←")
    page.wait_for_url(f"**/projets/{project.short_code}")
