"""Range requests per RFC 9110 and signed, expiring links."""
import os
import re
import subprocess
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.watch import video_links
from app.watch.models import Rendition


@pytest.fixture
def link(app, playable_film):
    rendition = db.session.scalar(select(Rendition).where(Rendition.film_id == playable_film.id,
                                                          Rendition.height == 240))
    with app.test_request_context():
        url = video_links.signed_url(rendition)
    with open(os.path.join(app.config["MEDIA_ROOT"], rendition.path), "rb") as f:
        return url, f.read(), rendition


def test_ranges(client, link):
    url, data, _ = link
    size = len(data)
    whole = client.get(url, buffered=True)
    assert whole.status_code == 200 and whole.headers["Accept-Ranges"] == "bytes" and whole.data == data
    first = client.get(url, buffered=True, headers={"Range": "bytes=0-1023"})
    assert first.status_code == 206 and first.headers["Content-Range"] == f"bytes 0-1023/{size}"
    assert first.data == data[:1024]
    open_ended = client.get(url, buffered=True, headers={"Range": "bytes=1000-"})
    assert open_ended.status_code == 206 and open_ended.data == data[1000:]
    assert open_ended.headers["Content-Range"] == f"bytes 1000-{size - 1}/{size}"
    suffix = client.get(url, buffered=True, headers={"Range": "bytes=-500"})
    assert suffix.status_code == 206 and suffix.data == data[-500:]
    beyond = client.get(url, buffered=True, headers={"Range": f"bytes={size + 10}-"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{size}"
    garbage = client.get(url, buffered=True, headers={"Range": "bytes=abc"})
    assert garbage.status_code == 416 and garbage.headers["Content-Range"] == f"bytes */{size}"
    other_unit = client.get(url, buffered=True, headers={"Range": "items=0-5"})
    assert other_unit.status_code == 200 and other_unit.data == data  # another unit is ignored (RFC 9110 14.2)


def test_interrupted_download_resumes_and_matches(client, link):
    url, data, _ = link
    half = len(data) // 2
    first = client.get(url, buffered=True, headers={"Range": f"bytes=0-{half - 1}"}).data
    rest = client.get(url, buffered=True, headers={"Range": f"bytes={len(first)}-"}).data
    assert first + rest == data


def test_expired_tampered_and_other_film_links_are_refused(app, client, link):
    url, _, rendition = link
    path, query = url.split("?")
    expires, signature = re.fullmatch(r"e=(\d+)&s=([\w-]+)", query).groups()
    tampered = signature[:-3] + ("AAA" if not signature.endswith("AAA") else "BBB")
    assert client.get(f"{path}?e={expires}&s={tampered}", buffered=True).status_code == 403
    assert client.get(f"{path}?e={int(expires) + 3600}&s={signature}", buffered=True).status_code == 403
    assert client.get(path, buffered=True).status_code == 403
    assert client.get(f"{path}?e=²&s={signature}", buffered=True).status_code == 403  # a digit, not a number
    other_rendition = path.replace(f"/{rendition.id}/", f"/{rendition.id + 1}/")
    assert client.get(f"{other_rendition}?{query}", buffered=True).status_code == 403
    with app.app_context():
        secret = video_links.link_secret(app.config)
    other_film = path.replace(f"/v/{rendition.film_id}/", f"/v/{rendition.film_id + 1000}/")
    signed_elsewhere = f"{other_film}?e={expires}&s={video_links.signature(other_film, int(expires), secret)}"
    assert client.get(signed_elsewhere, buffered=True).status_code == 404  # signed, but not that film's
    past = int(time.time()) - 1
    assert client.get(f"{path}?e={past}&s={video_links.signature(path, past, secret)}",
                      buffered=True).status_code == 403


def test_a_link_is_the_same_all_hour_and_its_signature_is_nginx_secure_link(app, link):
    _url, _, rendition = link
    hour = 1_900_000_800
    with app.test_request_context():
        early, late = (video_links.signed_url(rendition, now=hour + s) for s in (1, 3599))
        secret = video_links.link_secret(app.config)
    assert early == late and video_links.LINK_SECONDS <= int(early.split("e=")[1].split("&")[0]) - hour <= 7 * 3600
    path, expires = early.split("?")[0], early.split("e=")[1].split("&")[0]
    openssl = subprocess.run(f"printf %s '{expires}{path} {secret}' | openssl md5 -binary | openssl base64",
                             shell=True, capture_output=True, text=True, check=True).stdout.strip()
    assert early.endswith("&s=" + openssl.replace("+", "-").replace("/", "_").rstrip("="))


def test_a_cache_in_front_may_keep_the_bytes_for_good(client, link):
    url, _, _ = link
    response = client.get(url, buffered=True, headers={"Range": "bytes=0-99"})
    assert response.status_code == 206 and response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_video_is_never_recompressed(client, link):
    url, _, _ = link
    response = client.get(url, buffered=True, headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers and response.mimetype == "video/mp4"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_bytes_sent_are_counted_for_the_filmmaker(client, link):
    from app.catalog.models import Film

    url, data, rendition = link
    client.get(url, buffered=True, headers={"Range": "bytes=0-1023"})
    client.get(url, buffered=True)
    db.session.expire_all()
    assert db.session.get(Film, rendition.film_id).bytes_served == 1024 + len(data)


@pytest.mark.parametrize("status", ["in_review", "rejected", "draft"])
def test_a_link_stops_working_once_its_film_is_unpublished(client, link, playable_film, status):
    url, data, _ = link
    assert client.get(url, buffered=True, headers={"Range": "bytes=0-99"}).status_code == 206
    playable_film.status = status
    db.session.commit()
    for headers in ({}, {"Range": "bytes=100-"}):
        response = client.get(url, buffered=True, headers=headers)
        assert response.status_code == 410 and data[100:200] not in response.data


def test_bytes_nginx_sends_are_counted_too(app, client, link):
    from app.catalog.models import Film

    url, data, rendition = link
    app.config["VIDEO_ACCEL_REDIRECT"] = "/protected-media"
    try:
        first = client.get(url, headers={"Range": "bytes=100-1123"})
        whole = client.get(url)
        client.head(url)
    finally:
        app.config["VIDEO_ACCEL_REDIRECT"] = None
    assert first.headers["X-Accel-Redirect"] == f"/protected-media/{rendition.path}" and first.data == b""
    db.session.expire_all()
    assert whole.status_code == 200
    assert db.session.get(Film, rendition.film_id).bytes_served == 1024 + len(data)
