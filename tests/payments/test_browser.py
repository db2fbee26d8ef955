"""Paying in real headless Chromium: with htmx the status updates in place, without JavaScript it refreshes."""
import pytest

from tests.payments.conftest import workers

pytestmark = pytest.mark.browser
WAITING = "text=Nous envoyons la demande à votre téléphone"
THANKS = "text=Merci ! Votre contribution est bien reçue."


def _pay(page, code, phone):
    page.goto(f"/projets/{code}")
    page.fill("#amount", "2000")
    page.fill("#phone", phone)
    page.click("#pay button")
    page.wait_for_url("**/paiements/*")
    page.wait_for_selector(WAITING)  # no worker yet: the start job waits in the queue


def test_status_updates_in_place_with_htmx(page, project, payments_app, simulator):
    _pay(page, project.short_code, "90 21 21 01")  # approves at once
    page.evaluate("window.notReloaded = true")
    with workers(payments_app, count=1, forking=False):
        page.wait_for_selector(THANKS, timeout=20_000)
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


def test_status_page_refreshes_itself_without_javascript(browser, live_server, project, payments_app, simulator):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        _pay(page, project.short_code, "90 21 21 01")
        with workers(payments_app, count=1, forking=False):
            page.wait_for_selector(THANKS, timeout=20_000)
    finally:
        context.close()
