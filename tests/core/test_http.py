"""Caching, compression and error answers shared by every page."""
import re

import pytest

from app.extensions import db, limiter
from tests.conftest import make_test_app
from tests.factories import make_film
from tests.wire import ACCEPT


@pytest.fixture
def film(app):
    film = make_film(title="Harmattan")
    db.session.commit()
    return film


def test_repeat_request_with_etag_gets_304(client, film):
    for path in ("/", "/films", f"/films/{film.slug}", "/recherche?q=harmattan"):
        first = client.get(path, headers=ACCEPT)
        assert first.status_code == 200 and first.headers["Content-Encoding"] == "br"
        etag = first.headers["ETag"]
        again = client.get(path, headers={**ACCEPT, "If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.get_data() == b""


def test_changed_page_gets_a_new_etag(client, film):
    etag = client.get("/", headers=ACCEPT).headers["ETag"]
    make_film(title="Nouveau film")
    db.session.commit()
    response = client.get("/", headers={**ACCEPT, "If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_static_assets_are_fingerprinted_and_cached_forever(client, film):
    page = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls)
    for url in urls:
        assert re.search(r"\.[0-9a-f]{10}\.\w+$", url), url
        response = client.get(url, headers=ACCEPT)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_stale_or_unknown_fingerprint_is_not_found(client, app):
    css = app.extensions["assets"].url_for("css/app.css")
    stale = re.sub(r"\.[0-9a-f]{10}\.", ".0000000000.", css)
    assert client.get(stale).status_code == 404
    assert client.get("/static/css/app.css").status_code == 404


def test_html_is_compressed_with_brotli_or_gzip(client, film):
    assert client.get("/", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    assert client.get("/", headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"


def test_unknown_film_gets_a_404_page_in_the_visitors_language(client, app):
    response = client.get("/films/no-such-film")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)
    client.set_cookie("lang", "en")
    response = client.get("/films/no-such-film")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_htmx_error_gets_a_fragment(client, app):
    response = client.get("/films/no-such-film", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 404 and "<html" not in body and 'id="error"' in body


@pytest.mark.parametrize("query", [
    "page=-1", "page=0", "page=abc", "page=99999999999999999999", "year=abc", "year=-5", "year=99999",
    "genre=" + "x" * 5000, "country=<script>", "director=%00%ff", "genre=drame&genre=comedie",
    "q=" + "é" * 5000, "q=%27%22%3B--", "q=a%00b", "country=tg&year=2022&page=2",
])
def test_malformed_parameters_never_crash(client, film, query):
    for path in ("/films", "/recherche", "/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 302, 400), (path, query)
        if response.status_code == 302:  # a page past the last one: the last page, same filters
            assert response.headers["Location"].startswith(path), (path, query)


def test_security_headers_on_html(client, film):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "default-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert {"camera=()", "microphone=()", "geolocation=()"} <= set(headers["Permissions-Policy"].split(", "))


def test_hsts_only_when_cookies_are_secure(client, app, film):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def _code_requests_until_refused(app, forwarded_for):
    """Asks for sign-in codes as one visitor behind the proxy until the per-address limit answers."""
    client = app.test_client()
    page = client.get("/connexion/code").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    statuses = []
    for n in range(11):
        answer = client.post("/connexion/code", data={"csrf_token": token, "phone": f"90 55 00 {n:02d}"},
                             headers={"X-Forwarded-For": forwarded_for}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        statuses.append(answer.status_code)
    other = client.post("/connexion/code", data={"csrf_token": token, "phone": "90 55 01 00"},
                        headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    return statuses, other.status_code


@pytest.mark.parametrize("proxies, other_visitor", [(1, 303), (0, 429)])
def test_per_address_limits_count_visitors_behind_a_trusted_proxy_only(pg_database, tmp_path, proxies, other_visitor):
    """Behind nginx every request comes from 127.0.0.1: without the forwarded address one
    visitor's attempts would lock everyone out; with no proxy trusted the header is a forgery."""
    app = make_test_app(pg_database, str(tmp_path), TRUSTED_PROXIES=proxies, CODE_REQUEST_LIMIT_PER_IP=10)
    with app.app_context():
        limiter.reset()
        statuses, other = _code_requests_until_refused(app, "198.51.100.7")
        db.session.remove()
        db.engine.dispose()
    assert statuses[:10] == [303] * 10 and statuses[10] == 429
    assert other == other_visitor
