"""Nothing moves once drawn: cumulative layout shift exactly 0 on the home, browse, film and project pages,
loaded as Lighthouse's mobile run loads them: a 412 px phone at DPR 1.75, slow 4G and a slow CPU, a cold
cache, the service worker registering, posters arriving late, the download box answered by the worker and
Chrome's install offer (`beforeinstallprompt`) coming after the page is drawn."""
import pytest

from app.extensions import db
from app.watch.models import H264, Rendition
from tests.factories import make_film, make_project

pytestmark = pytest.mark.browser

# Lighthouse's mobile emulation and its slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up, ×0.9).
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8 * 0.9, "uploadThroughput": 750e3 / 8 * 0.9}
# Every shift from the first paint on, even one the browser would excuse after an input.
RECORD = """window.shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries())
  window.shifts.push([e.value, e.sources.map(s => s.node ? s.node.nodeName + '#' + (s.node.id || s.node.className) : '?').join(' ')]); })
  .observe({type: 'layout-shift', buffered: true});"""
# Chrome offers to install an installable site some time after it is drawn; headless Chromium run by
# Playwright never does, so the test makes the offer itself.
OFFER_INSTALL = """() => { const e = new Event('beforeinstallprompt', {cancelable: true}); e.prompt = () => {};
  dispatchEvent(e); }"""
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))))"


@pytest.fixture
def catalogue(app):
    films = [make_film(title=f"Film numéro {i}", is_featured=i < 3, views_count=i, rating_count=1, rating_sum=4,
                       video_status="ready", duration_s=60) for i in range(8)]
    db.session.add(Rendition(film_id=films[0].id, height=240, width=426, video_kbps=84, audio_kbps=32, codec=H264,
                             fragmented=True, size_bytes=240_000, duration_s=60, path=f"renditions/{films[0].id}/x.mp4"))
    make_project(film=films[0], code="CLS1", rewards=[("Affiche", 5000, 10)])
    db.session.commit()
    return films


@pytest.fixture(scope="module")
def phone(browser, live_server):
    """Opens a path on a cold phone, lets everything late arrive, and returns the shifts seen."""
    def shifts(path):
        context = browser.new_context(base_url=live_server.url, **PHONE)
        try:
            context.add_init_script(RECORD)
            page = context.new_page()
            page.set_default_timeout(90_000)  # slow 4G and a 4x slower CPU on a busy machine: slow, not wrong
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto(path, wait_until="load")
            page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
            if page.locator("[data-download]").count():
                page.wait_for_selector("[data-download][data-state]", state="attached")
            page.evaluate(OFFER_INSTALL)
            page.wait_for_selector("#install:not([hidden])")
            page.evaluate(SETTLED)
            return page.evaluate("window.shifts")
        finally:
            context.close()
    return shifts


def test_the_home_page_does_not_shift_on_a_slow_phone(phone, catalogue):
    assert phone("/") == []


def test_browse_does_not_shift_on_a_slow_phone(phone, catalogue):
    assert phone("/films") == []


def test_a_film_page_does_not_shift_while_the_worker_answers_for_its_download_box(phone, catalogue):
    assert phone(f"/films/{catalogue[0].slug}") == []


def test_a_project_page_does_not_shift_on_a_slow_phone(phone, catalogue):
    assert phone("/projets/CLS1") == []


def test_a_film_page_touch_targets_are_at_least_24_px(page, catalogue):
    page.goto(f"/films/{catalogue[0].slug}")
    small = page.evaluate("""() => [...document.querySelectorAll('main a, main button, main select, main input, main summary')]
      .filter(e => e.offsetParent !== null && e.type !== 'hidden' && getComputedStyle(e).visibility !== 'hidden')
      .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
      .filter(([, r]) => r.height < 24 || r.width < 24).map(([h, r]) => `${h} ${r.width}x${r.height}`)""")
    assert small == [], "\n".join(small)
