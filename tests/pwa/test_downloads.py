"""Films kept on the phone: fetched in byte ranges kept as they arrive, resumed where they
stopped, one button at a time, listed in "Mes téléchargements", played offline from their page."""
import hashlib
import os
import re
import threading
from contextlib import contextmanager

import pytest

from app.demo.art import draw_poster
from app.extensions import db
from app.media import posters
from tests.simulator import wait_until

pytestmark = pytest.mark.browser
BOX = "[data-download]"
ASK = """(m) => navigator.serviceWorker.ready.then((r) => new Promise((ok) => {
  const c = new MessageChannel(); c.port1.onmessage = (e) => ok(e.data); r.active.postMessage({ ask: m }, [c.port2]); }))"""
JOB = """async () => { const cache = await caches.open('downloads');
  for (const r of await cache.keys()) if (!new URL(r.url).search) return (await cache.match(r)).json(); }"""


def _controlled(page):
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def _open_film(page, film):
    page.goto(f"/films/{film.slug}")
    _controlled(page)
    page.wait_for_selector(f"{BOX}[data-state=idle]")


def _download(page):
    page.click("text=Télécharger")
    page.wait_for_selector(f"{BOX}[data-state=kept]", timeout=15_000)


def _visible_buttons(page):
    return page.locator(f"{BOX} button:visible").all_text_contents()


@contextmanager
def _setting(app, name, value):
    saved = app.config[name]
    app.config[name] = value
    try:
        yield
    finally:
        app.config[name] = saved


@contextmanager
def _video_requests(app, hold_from=None):
    """Range headers of the video requests the server answers; with `hold_from`, the first
    request from that byte on waits until `held.release` is set (so the test can cut the link)."""
    from flask import request

    seen, held = [], threading.Event()
    held.arrived, held.release = threading.Event(), threading.Event()

    def record():
        if not request.path.startswith("/v/"):
            return
        seen.append(request.headers.get("Range", ""))
        start = int(seen[-1].split("=")[1].split("-")[0] or 0)
        if hold_from is not None and start >= hold_from and not held.arrived.is_set():
            held.arrived.set()
            held.release.wait(15)

    app.before_request_funcs.setdefault(None, []).append(record)
    try:
        yield seen, held
    finally:
        held.release.set()
        app.before_request_funcs[None].remove(record)


def _rendition_file(app, film, height=240, codec="av1"):
    """The file a phone that plays AV1 keeps (the data-saver one by default)."""
    rendition = next(r for r in film.renditions if r.height == height and r.codec == codec)
    with open(os.path.join(app.config["MEDIA_ROOT"], rendition.path), "rb") as f:
        return f.read()


def test_a_download_cut_by_going_offline_resumes_where_it_stopped(page, playable_film, app):
    chunk = 4 * 1024
    whole = _rendition_file(app, playable_film)
    assert len(whole) > 4 * chunk
    with _setting(app, "DOWNLOAD_CHUNK_BYTES", chunk), _video_requests(app, hold_from=2 * chunk) as (ranges, held):
        _open_film(page, playable_film)
        page.click("text=Télécharger")
        wait_until(held.arrived.is_set, timeout=15, message="the third range")
        assert re.fullmatch(r"[\d,]+ sur [\d,]+ Mo(, encore environ \d+ min)?", page.text_content(f"{BOX} output"))
        page.context.set_offline(True)
        held.release.set()
        page.wait_for_selector("text=En pause", timeout=15_000)
        stored = page.evaluate(JOB)["got"]
        assert 2 * chunk <= stored < len(whole)
        page.reload()  # offline: the page saved when seen, the download still waiting
        page.wait_for_selector("text=En pause")
        assert _visible_buttons(page) == ["Annuler"]
        asked_offline = len(ranges)
        page.context.set_offline(False)  # the open page, or background sync, goes on
        page.wait_for_selector(f"{BOX}[data-state=kept]", timeout=15_000)
    assert ranges[asked_offline].startswith(f"bytes={stored}-"), ranges
    assert [r for r in ranges if r.startswith("bytes=0-")] == [ranges[0]]  # never from the start again
    kept = page.evaluate("""async (key) => { const bytes = await (await fetch(key)).arrayBuffer();
        return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map(b => b.toString(16).padStart(2, '0')).join(''); }""",
                         page.get_attribute(BOX, "data-key"))
    assert kept == hashlib.sha256(whole).hexdigest()


def test_offline_a_downloaded_film_plays_from_its_own_page(page, playable_film):
    _open_film(page, playable_film)
    _download(page)
    page.context.set_offline(True)
    try:
        page.goto(f"/films/{playable_film.slug}")
        assert page.is_visible("text=affichée hors ligne")
        assert page.get_attribute("text=Regarder le film", "aria-disabled") == "true"  # the player needs the network
        assert page.get_attribute("footer >> text=Mes téléchargements", "aria-disabled") is None
        page.goto("/projets/jamais-vue")  # the offline page lists the films on the phone
        assert page.is_visible(".downloads >> text=Harmattan")
        page.go_back()
        page.click("text=Regarder (téléchargé)")
        page.evaluate(f"() => {{ const v = document.querySelector('{BOX} video'); v.muted = true;"
                      " v.currentTime = 1.5; return Promise.race([v.play(), new Promise((done) => setTimeout(done, 30000))]); }")
        page.wait_for_function(f"() => document.querySelector('{BOX} video').currentTime > 1.6", timeout=15_000)
    finally:
        page.context.set_offline(False)


def test_one_button_at_a_time(page, playable_film):
    _open_film(page, playable_film)
    assert _visible_buttons(page) == ["Télécharger", "Télécharger cette nuit"]
    # each quality once, with its size: of the AV1 and H.264 files, the first this phone plays (AV1)
    offered = page.locator(f"{BOX} option").all_text_contents()
    assert [o.split(" · ")[0] for o in offered] == ["144p", "240p", "360p", "480p", "Son seul"]
    assert page.eval_on_selector_all(f"{BOX} option", "all => all.map(o => o.value.split('/').pop())") == [
        "h264-144.mp4", "av1-240.mp4", "av1-360.mp4", "av1-480.mp4", "opus-0.mp4"]
    assert all(o.endswith(" Mo") for o in offered) and page.input_value(f"{BOX} select").endswith("/av1-240.mp4")
    _download(page)
    assert _visible_buttons(page) == ["Regarder (téléchargé)", "Supprimer le téléchargement"]
    page.click("text=Supprimer le téléchargement")
    page.wait_for_selector(f"{BOX}[data-state=idle]")
    assert _visible_buttons(page) == ["Télécharger", "Télécharger cette nuit"]
    assert page.evaluate(JOB) is None


def test_without_javascript_no_download_button_is_shown(browser, live_server, playable_film):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/films/{playable_film.slug}")
        assert page.locator(BOX).count() == 1
        assert page.locator(f"{BOX} button:visible").count() == 0 and page.locator(f"{BOX} select:visible").count() == 0
        assert page.inner_text(BOX).strip() == "Les téléchargements ont besoin de JavaScript."
    finally:
        context.close()


def test_a_download_can_be_cancelled_while_it_runs(page, playable_film, app):
    with _setting(app, "DOWNLOAD_CHUNK_BYTES", 8 * 1024), _video_requests(app, hold_from=8 * 1024) as (_, held):
        _open_film(page, playable_film)
        page.click("text=Télécharger")
        wait_until(held.arrived.is_set, timeout=15, message="the second range")
        assert _visible_buttons(page) == ["Annuler"]
        page.click("text=Annuler")
        page.wait_for_selector(f"{BOX}[data-state=idle]")
        held.release.set()
        assert page.evaluate(ASK, {"next": 1}) is None  # waits for any range still running: none brings it back
    assert page.evaluate(JOB) is None
    assert page.evaluate("async () => (await (await caches.open('downloads')).keys()).length") == 0


def test_my_downloads_lists_films_with_their_poster_and_an_empty_state(page, playable_film, app):
    playable_film.poster_key, playable_film.poster_color = posters.store_poster(
        "films", playable_film.id, draw_poster("Harmattan", "Afi", seed="h"))
    db.session.commit()
    page.goto("/telechargements")
    _controlled(page)
    page.reload()
    assert page.is_visible("text=Rien de téléchargé pour l’instant")
    _open_film(page, playable_film)
    _download(page)
    page.click("footer >> text=Mes téléchargements")
    item = page.locator(".downloads li")
    item.wait_for()
    assert page.is_hidden("text=Rien de téléchargé pour l’instant")
    assert page.is_visible("text=Karangou occupe")
    assert item.locator("a", has_text="Harmattan").get_attribute("href") == f"/films/{playable_film.slug}"
    page.wait_for_function("() => document.querySelector('.downloads img').naturalWidth > 0")
    box = item.locator("video").bounding_box()
    assert 0 < box["width"] <= 360
    page.context.set_offline(True)
    try:
        page.reload()  # the same list offline, poster included
        page.wait_for_function("() => document.querySelector('.downloads img').naturalWidth > 0")
        page.click(".downloads >> text=Supprimer le téléchargement")
        page.wait_for_selector(".downloads li", state="detached")
        assert page.is_visible("text=Rien de téléchargé pour l’instant")
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("now_inside", [False, True])
def test_download_tonight_waits_for_the_night_hours(page, playable_film, app, now_inside):
    from datetime import datetime

    hour = datetime.now().hour
    window = f"{(hour - 1) % 24}-{(hour + 2) % 24}" if now_inside else f"{(hour + 4) % 24}-{(hour + 6) % 24}"
    with _setting(app, "DOWNLOAD_NIGHT_HOURS", window), _video_requests(app) as (ranges, _):
        _open_film(page, playable_film)
        page.click("text=Télécharger cette nuit")
        if now_inside:
            page.wait_for_selector(f"{BOX}[data-state=kept]", timeout=15_000)
            return
        start = f"{(hour + 4) % 24:02d}:00"
        page.wait_for_selector(f"text=Prévu : le film se téléchargera entre {start}")
        page.reload()  # still planned, still nothing fetched
        page.wait_for_selector(f"text=Prévu : le film se téléchargera entre {start}")
        assert _visible_buttons(page) == ["Annuler"]
        assert ranges == []
