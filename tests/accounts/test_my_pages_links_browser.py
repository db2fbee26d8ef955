"""A viewer's own pages are linked where they look, in real Chromium at 360 px."""
import pytest
from werkzeug.security import generate_password_hash

from app.extensions import db
from tests.factories import make_user

pytestmark = pytest.mark.browser

LINKS = {"fr": ("Ma liste", "Historique", "Mes téléchargements"), "en": ("My list", "History", "My downloads")}
PATHS = ("/ma-liste", "/historique", "/telechargements")


def _sign_in(page):
    member = make_user(password_hash=generate_password_hash("un-long-secret"))
    db.session.commit()
    page.goto("/connexion")
    page.fill("#phone", member.phone)
    page.fill("#password", "un-long-secret")
    page.click("main form button")
    page.wait_for_url("**/")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_account_page_and_footer_link_list_history_and_downloads(page, live_server, lang):
    page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url}])
    _sign_in(page)
    page.click("header nav a[href='/compte']")
    page.wait_for_url("**/compte")
    for where in ("main", "footer"):
        for label, path in zip(LINKS[lang], PATHS, strict=True):
            link = page.locator(where).get_by_role("link", name=label, exact=True)
            assert link.count() == 1 and link.get_attribute("href") == path, (where, label)
    page.locator("main").get_by_role("link", name=LINKS[lang][1], exact=True).click()
    page.wait_for_url("**/historique")
    page.locator("footer").get_by_role("link", name=LINKS[lang][0], exact=True).click()
    page.wait_for_url("**/ma-liste")
    assert page.locator("h1").inner_text() == LINKS[lang][0]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
