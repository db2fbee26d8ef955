"""Chrome's install offer comes as a bar over the bottom of the screen, once, and leaves the footer reachable."""
import pytest

pytestmark = pytest.mark.browser
OFFER = "() => { const e = new Event('beforeinstallprompt', {cancelable: true}); e.prompt = () => {}; dispatchEvent(e); }"


@pytest.mark.parametrize("language, later", [("fr", "Plus tard"), ("en", "Not now")])
def test_the_install_offer_sits_over_the_bottom_and_not_now_puts_it_away_for_good(page, live_server, language, later):
    page.context.add_cookies([{"name": "lang", "value": language, "url": live_server.url}])
    page.goto("/", wait_until="load")
    page.evaluate(OFFER)
    bar = page.locator("#install")
    bar.wait_for()
    box = bar.bounding_box()
    assert box["y"] + box["height"] == 740 and box["width"] == 360
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer = page.locator("footer p").last.bounding_box()
    assert footer["y"] + footer["height"] <= box["y"]  # the end of the page scrolls clear of the bar
    page.click(f"#install button:text-is('{later}')")
    assert bar.is_hidden()
    page.reload(wait_until="load")
    page.evaluate(OFFER)
    assert bar.is_hidden()
    assert page.console_errors == []
