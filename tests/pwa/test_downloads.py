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
