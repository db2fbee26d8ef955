"""A real film the production way: two minutes of Big Buck Bunny sent from the studio to gunicorn
in 256 KB tus chunks and transcoded by a real `flask jobs worker --queue transcode` on PostgreSQL
(tests/real_film_run.py, started with the run), then played in Chromium: every quality, through
the page's loader (its buffer target, its change of rung on a slow link) and without JavaScript."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import CHROMIUM_ARGS
from tests.real_film_run import REAL_FILM
from tests.simulator import wait_until

VIDEO = "document.querySelector('video')"


@pytest.fixture(scope="module")
def browser(browser):
    """A Chromium of this module's own: its players start on a media stack no earlier test has used."""
    own = browser.browser_type.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    yield own
    own.close()


@pytest.fixture(scope="module")
def made(request):
    """(served, slug, {(codec, height): bytes per second}) once the run's real film is transcoded."""
    return request.config.stash[REAL_FILM].ready()


@pytest.fixture(scope="module")
def served(made):
    return made[0]


@pytest.fixture(scope="module")
def film(made):
    """The film sent, transcoded by its own worker and published: (slug, {(codec, height): bytes per second})."""
    return made[1], made[2]


def _phone(browser, served, **options):
    context = browser.new_context(base_url=served.url, viewport={"width": 360, "height": 740}, **options)
    page = context.new_page()
    finished = []  # sizes are asked for afterwards: a blocking call inside an event handler deadlocks
    page.on("requestfinished", lambda request: "/v/" in request.url and finished.append(request))
    return context, page, finished


def _bytes(finished):
    return sum(request.sizes()["responseBodySize"] for request in list(finished))


def _play(page, beyond=2):
    page.evaluate(f"{VIDEO}.muted = true; void {VIDEO}.play().catch(() => {{}})")  # not awaited: a timeout, never a hang
    try:
        page.wait_for_function(f"() => {VIDEO}.currentTime > {beyond}", timeout=60_000)
    except PlaywrightTimeout:  # say what the player was doing
        state = page.evaluate(f"(() => {{ const v = {VIDEO}; return {{loader: v.dataset.loader, rung: v.dataset.rung, "
                              "time: v.currentTime, ready: v.readyState, network: v.networkState, paused: v.paused, "
                              "error: v.error && v.error.message, src: v.currentSrc, "
                              "buffered: v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0}; })()")
        pytest.fail(f"the film did not play past {beyond} s: {state}")


def _ahead(page):
    return page.evaluate(f"(() => {{ const v = {VIDEO}, b = v.buffered; return b.length ? b.end(b.length - 1) "
                         "- v.currentTime : 0; })()")


def test_both_ladders_and_the_sound_only_rung_are_made(film):
    _slug, rates = film
    assert sorted(rates) == [("av1", 240), ("av1", 360), ("av1", 480), ("h264", 144), ("h264", 240), ("h264", 360),
                             ("h264", 480), ("opus", 0)]
    assert rates[("av1", 240)] * 60 <= 500_000 and rates[("av1", 360)] * 60 <= 1_250_000
    assert rates[("av1", 240)] < rates[("h264", 240)] / 1.5 and rates[("opus", 0)] * 60 <= 150_000


def test_every_quality_plays_in_the_loader(browser, served, film):
    slug, _rates = film
    context, page, _fetched = _phone(browser, served)
    try:
        for quality, rung, height in (("144", "h264-144", 144), ("240", "av1-240", 240), ("360", "av1-360", 360),
                                      ("480", "av1-480", 480), ("son", "opus-0", 0)):
            page.goto(f"/films/{slug}/regarder?q={quality}&confirmer=1")
            _play(page)
            assert page.evaluate(f"[{VIDEO}.dataset.loader, {VIDEO}.dataset.rung, {VIDEO}.videoHeight]") == [
                "mse", rung, height]
            assert abs(page.evaluate(f"{VIDEO}.duration") - 120) < 1.5
    finally:
        context.close()


def test_in_data_saver_the_loader_keeps_30_s_ahead_and_fetches_no_more(browser, served, film):
    slug, rates = film
    context, page, fetched = _phone(browser, served)
    try:
        page.goto(f"/films/{slug}/regarder")
        _play(page, beyond=12)
        page.wait_for_function(f"() => {{ const v = {VIDEO}, b = v.buffered; "
                               "return b.length && b.end(b.length - 1) - v.currentTime > 26; }", timeout=30_000)
        played, ahead = page.evaluate(f"{VIDEO}.currentTime"), _ahead(page)
        assert page.evaluate(f"{VIDEO}.dataset.rung") == "av1-240"
        assert 26 < ahead <= 30.5
        rate, fragment = rates[("av1", 240)], rates[("av1", 240)] * 4 * 2  # a fragment at twice the mean rate
        got = _bytes(fetched)
        assert got <= (played + 30) * rate + fragment, (got, played, rate)
    finally:
        context.close()


def test_on_a_slow_link_the_loader_drops_a_rung_and_keeps_the_position(browser, served, film):
    slug, rates = film
    context, page, _fetched = _phone(browser, served)
    context.add_cookies([{"name": "ds", "value": "standard", "url": served.url}])
    link = rates[("av1", 360)] * 8 * 0.75  # bits a second: well under 1.3 × the 360p rate
    assert link > 1.3 * rates[("av1", 240)] * 8  # and enough for 240p
    try:
        page.goto(f"/films/{slug}/regarder")
        assert page.evaluate(f"{VIDEO}.dataset.rung") == "av1-360"
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150, "downloadThroughput": link / 8,
                                                       "uploadThroughput": link / 8})
        _play(page, beyond=1)
        page.wait_for_function(f"() => {VIDEO}.dataset.rung === 'av1-240'", timeout=120_000)
        at = page.evaluate(f"{VIDEO}.currentTime")
        page.wait_for_function(f"() => {VIDEO}.currentTime > {at + 8}", timeout=120_000)  # plays on, 240p now
        assert page.evaluate(f"{VIDEO}.videoHeight") == 240
        assert page.get_attribute("a[aria-current=true]", "data-q") == "240"
    finally:
        context.close()


def test_without_javascript_the_film_plays_from_its_sources(browser, served, film):
    slug, _rates = film
    context, page, fetched = _phone(browser, served, java_script_enabled=False)
    try:
        page.goto(f"/films/{slug}/regarder")
        types = page.eval_on_selector_all("video source", "all => all.map(s => s.type)")
        assert [t.split(";")[0] for t in types] == ["video/mp4", "video/mp4"] and "av01" in types[0]
        page.evaluate(f"{VIDEO}.muted = true; void {VIDEO}.play().catch(() => {{}})")
        # polled from here: with scripts off, the page's own timers (wait_for_function) never fire
        wait_until(lambda: page.evaluate(f"{VIDEO}.currentTime") > 2, timeout=60)
        assert page.evaluate(f"[{VIDEO}.dataset.loader, {VIDEO}.videoHeight]") == [None, 240]
        assert "/v/" in page.evaluate(f"{VIDEO}.currentSrc") and fetched
    finally:
        context.close()
