"""The installable app in real Chromium: pages seen once open offline, personal ones never kept."""
import pytest

from app.demo.art import draw_poster
from app.extensions import db
from app.media import posters
from tests.factories import make_film

pytestmark = pytest.mark.browser


@pytest.fixture
def films(app):
    made = []
    for title in ("Harmattan", "Kente", "Tchakpalo"):
        film = make_film(title=title)
        film.poster_key, film.poster_color = posters.store_poster("films", film.id, draw_poster(title, "Afi", seed=title))
        made.append(film)
    db.session.commit()
    return made


def _controlled(page):
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def _poster_shown(page):
    return page.evaluate("() => [...document.images].some(i => i.complete && i.naturalWidth > 0)")


def test_seen_pages_open_offline_with_posters_and_their_age(page, films, live_server):
    page.context.add_cookies([{"name": "ds", "value": "saver", "url": live_server.url}])
    page.goto("/")
    _controlled(page)
    for path in ("/", f"/films/{films[0].slug}", f"/films/{films[1].slug}"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    try:
        for path, text in (("/", "Nouveautés"), (f"/films/{films[0].slug}", "Harmattan"),
                           (f"/films/{films[1].slug}", "Kente")):
            page.goto(path)
            assert page.is_visible(f"text={text}")
            assert page.is_visible("text=affichée hors ligne")
            assert _poster_shown(page)
        page.goto(f"/films/{films[2].slug}")  # never visited
        assert page.is_visible("text=pas encore sur votre téléphone")
        page.wait_for_selector("#kept a")
        assert page.locator("#kept a").count() == 3
    finally:
        page.context.set_offline(False)


def test_no_personal_page_is_kept_after_a_signed_in_session(page, films, live_server, app):
    from tests.factories import make_user

    user = make_user("filmmaker", display_name="Afi")
    db.session.commit()
    page.goto("/")
    _controlled(page)
    page.goto("/connexion")
    from werkzeug.security import generate_password_hash

    user.password_hash = generate_password_hash("un-long-secret")
    db.session.commit()
    page.fill("#phone", user.phone)
    page.fill("#password", "un-long-secret")
    page.click("main form button")
    page.wait_for_url("**/")
    for path in ("/compte", "/studio/", "/historique", "/ma-liste", f"/films/{films[0].slug}"):
        page.goto(path)
    # The worker stores pages after answering them, in the order they came: once the last
    # one is kept, any personal page it would have kept is there too.
    page.wait_for_function("async (url) => !!(await (await caches.open('pages')).match(url))",
                           arg=f"{live_server.url}/films/{films[0].slug}", timeout=15_000)
    kept = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        }
        return urls;
    }""")
    personal = [u for u in kept if u.startswith(("/compte", "/studio", "/historique", "/ma-liste", "/paiements",
                                                 "/admin", "/connexion"))]
    assert personal == [] and f"/films/{films[0].slug}" in kept


def test_second_visit_fetches_no_static_asset_over_the_network(page, films, app):
    """Counted where the bytes arrive, at the server, so requests made by the worker count too."""
    page.goto("/")
    _controlled(page)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    sent = []

    def record(response):
        from flask import request

        sent.append((request.path, response.mimetype, response.calculate_content_length() or 0))
        return response

    app.after_request_funcs.setdefault(None, []).append(record)
    try:
        page.goto(f"/films/{films[0].slug}")
        page.wait_for_load_state("networkidle")
    finally:
        app.after_request_funcs[None].remove(record)
    static_bytes = sum(size for path, _, size in sent if path.startswith("/static/"))
    assert static_bytes == 0 and [p for p, _, _ in sent if p.startswith("/static/")] == [], sent
    assert any(mimetype == "text/html" for _, mimetype, _ in sent)  # only the page itself travelled


def test_new_version_is_announced_and_replaces_the_old_cache(page, films, app):
    page.goto("/")
    _controlled(page)
    before = page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('shell-'))")
    asset = app.extensions["assets"].by_relative["css/app.css"]
    saved = asset.digest, asset.url_name
    asset.digest, asset.url_name = "0123456789", asset.url_name.replace(saved[0], "0123456789")
    try:
        page.goto(f"/films/{films[0].slug}")  # the browser checks /sw.js on navigation: it changed
        page.wait_for_selector("#update:not([hidden])", timeout=15_000)
        assert page.is_visible("text=Nouvelle version de Karangou.")
        with page.expect_navigation():
            page.click("#update button")
        after = page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('shell-'))")
        assert len(before) == 1 and len(after) == 1 and after != before
    finally:
        asset.digest, asset.url_name = saved


@pytest.mark.parametrize("mode, warmed", [("standard", True), ("saver", False)])
def test_home_first_row_is_fetched_ahead_only_outside_data_saver(page, films, live_server, mode, warmed):
    page.context.add_cookies([{"name": "ds", "value": mode, "url": live_server.url}])
    page.goto("/")
    _controlled(page)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    kept_film = "async () => (await (await caches.open('pages')).keys()).some(r => /\\/films\\/./.test(r.url))"
    if warmed:
        page.wait_for_function(kept_film, timeout=15_000)
    else:
        page.wait_for_timeout(1500)  # nothing may come: as long as the worker takes when it does fetch ahead
    kept = page.evaluate("async () => (await (await caches.open('pages')).keys()).map(r => new URL(r.url).pathname)")
    ahead = {f"/films/{film.slug}" for film in films} & set(kept)
    assert bool(ahead) is warmed, kept


def test_offline_links_to_pages_not_kept_are_dimmed_and_said_so(page, films, live_server):
    page.context.add_cookies([{"name": "ds", "value": "saver", "url": live_server.url}])
    page.goto("/")
    _controlled(page)
    page.goto("/")
    page.goto(f"/films/{films[0].slug}")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    try:
        page.goto("/")
        assert page.is_visible("text=Les liens grisés ne sont pas sur ce téléphone.")
        dimmed = page.evaluate("() => [...document.querySelectorAll('a[aria-disabled=true]')].map(a => a.pathname)")
        assert f"/films/{films[2].slug}" in dimmed and f"/films/{films[0].slug}" not in dimmed
        assert "/telechargements" not in dimmed  # always there offline: it lists the films on the phone
        assert "⦸" not in page.content()
    finally:
        page.context.set_offline(False)


@pytest.mark.parametrize("first", ["/?source=app", "/films"])
def test_the_first_page_ever_seen_is_kept_and_the_app_start_opens_offline(page, films, first):
    page.goto(first)  # before any worker: the worker keeps it once installed
    _controlled(page)
    path = "/" if first.startswith("/?") else first
    page.wait_for_function("async (path) => (await (await caches.open('pages')).keys()).some(r => new URL(r.url).pathname === path)",
                           arg=path, timeout=15_000)
    page.context.set_offline(True)
    try:
        for opened in {first, path}:  # the installed app opens /?source=app: the home page's copy
            page.goto(opened)
            assert page.is_visible("text=affichée hors ligne") and page.is_hidden("text=pas encore sur votre téléphone")
    finally:
        page.context.set_offline(False)


def test_offline_list_of_saved_pages_shows_titles_as_written(page, app):
    film = make_film(title="L'enfant d'Aného", poster_key=None)
    db.session.commit()
    page.goto("/")
    _controlled(page)
    page.goto(f"/films/{film.slug}")
    page.wait_for_function("async () => (await (await caches.open('pages')).keys()).length >= 2", timeout=15_000)
    page.context.set_offline(True)
    try:
        page.goto("/projets/never-seen")
        page.wait_for_selector("#kept a")
        titles = page.locator("#kept a").all_text_contents()
        assert "L'enfant d'Aného" in titles and not any("&#" in t for t in titles), titles
    finally:
        page.context.set_offline(False)


def test_sign_out_forgets_the_pages_saved_for_that_member(page, films, live_server):
    from werkzeug.security import generate_password_hash

    from tests.factories import make_user

    user = make_user(display_name="Afi", password_hash=generate_password_hash("un-long-secret"))
    db.session.commit()
    page.context.add_cookies([{"name": "ds", "value": "saver", "url": live_server.url}])  # no page fetched ahead
    page.goto("/connexion")
    _controlled(page)
    page.fill("#phone", user.phone)
    page.fill("#password", "un-long-secret")
    page.click("main form button")
    page.wait_for_url("**/")
    page.goto(f"/films/{films[0].slug}")
    saved_pages = """async () => { const cache = await caches.open('pages'), found = {};
        for (const r of await cache.keys()) found[new URL(r.url).pathname] = await (await cache.match(r)).text();
        return found; }"""
    page.wait_for_function(f"async () => Object.keys(await ({saved_pages})()).includes('/films/{films[0].slug}')",
                           timeout=15_000)
    assert "Mon compte" in page.evaluate(saved_pages)[f"/films/{films[0].slug}"]
    page.goto("/compte")
    page.click("text=Se déconnecter")
    page.wait_for_url("**/")
    page.wait_for_load_state("networkidle")
    kept = page.evaluate(saved_pages)
    assert f"/films/{films[0].slug}" not in kept
    assert [path for path, body in kept.items() if "Mon compte" in body] == []
    page.context.set_offline(True)
    try:
        page.goto(f"/films/{films[0].slug}")
        assert page.is_visible("text=pas encore sur votre téléphone") and page.is_hidden("text=Mon compte")
    finally:
        page.context.set_offline(False)
