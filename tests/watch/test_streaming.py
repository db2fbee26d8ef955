"""Range requests per RFC 9110 and signed, expiring links."""
import os
import re
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.watch import streaming
from app.watch.models import Rendition


@pytest.fixture
def link(app, playable_film):
    rendition = db.session.scalar(select(Rendition).where(Rendition.film_id == playable_film.id,
                                                          Rendition.height == 240))
    with app.test_request_context():
        url = streaming.signed_url(rendition)
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


def test_expired_tampered_and_other_film_links_are_refused(app, client, link, monkeypatch):
    url, _, rendition = link
    token = url.rsplit("/", 1)[1]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.get(f"/v/{tampered}", buffered=True).status_code == 403
    other_film = streaming._serializer  # tokens for a rendition under another film id
    with app.test_request_context():
        forged = other_film().dumps({"f": rendition.film_id + 1000, "r": rendition.id})
    assert client.get(f"/v/{forged}", buffered=True).status_code == 403
    later = time.time() + streaming.LINK_SECONDS + 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert client.get(url, buffered=True).status_code == 403


def test_video_is_never_recompressed(client, link):
    url, _, _ = link
    response = client.get(url, buffered=True, headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers and response.mimetype == "video/mp4"
    assert re.match(r"private, max-age=\d+", response.headers["Cache-Control"])


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
