"""A conversation in real Chromium: what an idle page costs on the wire, new messages arriving by
the poll, and posting enhanced by htmx."""
import time

import pytest
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.talk import conversations
from tests.factories import make_user
from tests.talk.conftest import talk_url

pytestmark = pytest.mark.browser
POLL_MS = 30_000


@pytest.fixture
def phone(browser, live_server):
    """A 360 px tab without the service worker, so that every byte the page receives shows on
    its own CDP session; the page's timers run on a fake clock the test moves."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740},
                                  service_workers="block")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.clock.install()
    yield page
    context.close()


def _sign_in(page, path):
    """Signs a new member in from the conversation's link, which brings them back to it."""
    member = make_user(display_name="Sena", password_hash=generate_password_hash("un-long-secret"))
    db.session.commit()
    page.goto(f"/connexion?next={path}")
    page.fill("#phone", member.phone)
    page.fill("#password", "un-long-secret")
    page.click("main form button")
    page.wait_for_url(f"**{path}")
    return member


def _wire(page):
    """{request id: [status, bytes received]} of the requests the page sends from `start()` on,
    filled from CDP as the page receives."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    seen, recording = {}, []

    def sent(event):
        if recording:
            seen[event["requestId"]] = [None, None]

    def update(index, value):
        return lambda event: event["requestId"] in seen and seen[event["requestId"]].__setitem__(index, value(event))

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", update(0, lambda e: e["response"]["status"]))
    cdp.on("Network.loadingFinished", update(1, lambda e: e["encodedDataLength"]))
    return seen, lambda: recording.append(True)


def _poll(page, seen, expected):
    """Moves the page's clock to its next poll and waits until CDP has seen `expected` finished loads."""
    with page.expect_request_finished(lambda r: "/discussion" in r.url, timeout=10_000):
        page.clock.run_for(POLL_MS)
    deadline = time.monotonic() + 5
    while sum(1 for status, size in seen.values() if size is not None) < expected and time.monotonic() < deadline:
        page.evaluate("0")  # lets Playwright deliver the CDP events already received


def test_an_idle_conversation_costs_under_a_kilobyte_a_minute_and_new_messages_arrive(
        phone, live_server, team_film, filmmaker):
    conversations.post(filmmaker, team_film, "Bienvenue dans la conversation de Kodjo")
    db.session.commit()
    seen, start = _wire(phone)
    _sign_in(phone, talk_url(team_film))
    phone.wait_for_load_state("networkidle")
    start()
    for n in (1, 2):  # one minute of an idle page: two polls
        _poll(phone, seen, n)
    statuses = [status for status, _size in seen.values()]
    received = sum(size for _status, size in seen.values())
    assert statuses == [304, 304], seen
    assert received < 1024, seen
    assert phone.locator("#talk-live article").count() == 1

    conversations.post(filmmaker, team_film, "Projection samedi à Lomé")
    db.session.commit()
    _poll(phone, seen, 3)
    assert [status for status, _size in seen.values()] == [304, 304, 200]
    assert phone.locator("#talk-live article").count() == 2
    assert "Projection samedi à Lomé" in phone.locator("#talk-live").inner_text()
    assert phone.console_errors == []
    print(f"idle minute: {received} bytes received in 2 polls")


def test_posting_with_htmx_shows_the_message_and_the_masking_notice_without_a_reload(phone, team_film):
    _sign_in(phone, talk_url(team_film))
    phone.evaluate("window.notReloaded = true")
    phone.fill("#talk-body", "Mon numéro : 90 12 34 56")
    phone.click("form[hx-boost] button")
    phone.wait_for_selector("#talk-live article")
    assert phone.evaluate("window.notReloaded") is True
    assert "Mon numéro : [numéro masqué]" in phone.locator("#talk-live").inner_text()
    assert "Nous avons masqué un numéro de téléphone" in phone.locator("main").inner_text()
    assert phone.input_value("#talk-body") == ""
    assert phone.console_errors == []
