"""A film kept on the phone plays offline and seeks, served from the Cache API by the worker."""
import pytest

pytestmark = pytest.mark.browser


def test_downloaded_film_plays_offline_and_seeks(page, playable_film, live_server):
    page.goto(f"/films/{playable_film.slug}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    page.reload()
    page.click("[data-download] .get")
    page.wait_for_selector("[data-download] .drop:not([hidden])", timeout=15_000)
    page.context.set_offline(True)
    try:
        page.goto("/telechargements")
        page.wait_for_selector("#downloads video")
        assert page.is_visible("text=Harmattan")
        page.evaluate("() => { const v = document.querySelector('#downloads video'); v.muted = true;"
                      " v.currentTime = v.duration / 2 || 1.5; return v.play(); }")
        page.wait_for_function("() => document.querySelector('#downloads video').currentTime > 1.6", timeout=15_000)
    finally:
        page.context.set_offline(False)


def _kept_videos(page):
    return page.evaluate("async () => (await (await caches.open('videos')).keys()).length")


def test_a_download_can_be_cancelled_and_a_kept_film_deleted(page, playable_film):
    page.goto(f"/films/{playable_film.slug}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    page.reload()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    size = int(page.get_attribute("[data-download]", "data-size"))
    # A link slow enough for the film to take about ten seconds, as on 2G.
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 50,
                                                  "downloadThroughput": size / 10, "uploadThroughput": 10_000})
    page.click("[data-download] .get")
    page.wait_for_function("() => document.querySelector('[data-download] progress').value > 0", timeout=15_000)
    page.click("[data-download] .stop")
    page.wait_for_selector("[data-download] .get:not([hidden])")
    assert page.text_content("[data-download] output") == "Téléchargement arrêté."
    assert _kept_videos(page) == 0  # nothing half-kept

    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})
    page.click("[data-download] .get")
    page.wait_for_selector("[data-download] .drop:not([hidden])", timeout=15_000)
    assert _kept_videos(page) == 1
    page.click("[data-download] .drop")
    page.wait_for_selector("[data-download] .get:not([hidden])")
    assert _kept_videos(page) == 0
    page.goto("/telechargements")
    assert page.query_selector_all("#downloads video") == []
