"""The data-saver page in real Chromium at 360 px: a tap shows the new choice at once."""
import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, footer", [("fr", "Haute qualité (vous l'avez choisi)."),
                                          ("en", "High quality (you chose it).")])
def test_tapped_mode_is_highlighted_and_the_footer_follows(page, live_server, lang, footer):
    page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url},
                              {"name": "ds", "value": "saver", "url": live_server.url}])
    page.goto("/economie-de-donnees")
    page.evaluate("window.notReloaded = true")
    page.click("button[name=mode][value=high]")
    page.wait_for_selector("button[value=high][aria-pressed=true]")
    assert page.locator("button[aria-pressed=true]").count() == 1
    assert page.locator("#ds-foot").inner_text() == footer
    assert page.locator("#data-saver [role=status]").inner_text() == footer
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


@pytest.mark.parametrize("lang, slow, fast", [
    ("fr", "votre connexion semble lente", "Qualité standard (votre connexion le permet)."),
    ("en", "your connection looks slow", "Standard quality (your connection allows it).")])
def test_fast_connection_is_not_called_slow(page, live_server, lang, slow, fast):
    page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url}])
    page.set_extra_http_headers({"ECT": "4g", "Downlink": "10"})
    page.goto("/economie-de-donnees")
    assert page.locator("#ds-foot").inner_text() == fast
    assert slow not in page.content()
