"""Resumable uploads (tus 1.0): a cut connection resumes from the server's offset."""
import os
import re
import socket
import subprocess
from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.studio.models import UploadSession
from tests.factories import log_in, make_user
from tests.studio.tus import TUS, create_upload as _create, csrf_of as _csrf, send_chunk as _patch


@pytest.fixture
def video_bytes(tmp_path):
    """A real MP4 of a few megabytes (noise does not compress)."""
    path = tmp_path / "source.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "nullsrc=s=320x180:d=3:r=24,geq=random(1)*255:128:128",
                    "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-pix_fmt", "yuv420p", str(path)], check=True)
    data = path.read_bytes()
    assert len(data) > 2 * 1024 * 1024
    return data


def _cut_patch(live_server, url, cookie, csrf, offset, announced, sent):
    """Sends a PATCH announcing `announced` bytes, sends only `sent`, then drops the connection."""
    host = urlsplit(live_server.url)
    with socket.create_connection((host.hostname, host.port)) as sock:
        head = (f"PATCH {url} HTTP/1.1\r\nHost: {host.netloc}\r\nCookie: {cookie}\r\nX-CSRFToken: {csrf}\r\n"
                f"Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\n"
                f"Content-Length: {len(announced)}\r\n\r\n")
        sock.sendall(head.encode() + sent)
        sock.shutdown(socket.SHUT_WR)
        sock.recv(1024)


def test_cut_upload_resumes_and_ends_in_a_playable_film(app, client, live_server, filmmaker, own_film, video_bytes,
                                                       run_jobs):
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    url = _create(client, own_film, csrf, len(video_bytes))
    first = 1024 * 1024
    assert _patch(client, url, csrf, 0, video_bytes[:first]).headers["Upload-Offset"] == str(first)

    cookie = f"session={client.get_cookie('session').value}"
    half = len(video_bytes) // 2
    _cut_patch(live_server, url, cookie, csrf, first, video_bytes[first:], video_bytes[first:half])

    head = client.head(url, headers=TUS)
    resumed_at = int(head.headers["Upload-Offset"])
    assert first < resumed_at <= half  # what arrived before the cut is kept: not zero, not the start
    assert _patch(client, url, csrf, 0, video_bytes[:10]).status_code == 409  # wrong offset refused
    response = _patch(client, url, csrf, resumed_at, video_bytes[resumed_at:])
    assert response.status_code == 204 and response.headers["Upload-Status"] == "complete"

    db.session.expire_all()
    film = db.session.get(type(own_film), own_film.id)
    with open(os.path.join(app.config["MEDIA_ROOT"], film.source_path), "rb") as f:
        assert f.read() == video_bytes
    assert film.duration_s == 3 and film.video_status == "processing"

    run_jobs()  # transcoding, by a real worker
    db.session.expire_all()
    assert db.session.get(type(own_film), own_film.id).video_status == "ready"
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(f"/studio/films/{own_film.id}").get_data(as_text=True)).group(1)
    assert client.post(f"/studio/films/{own_film.id}/soumettre", data={"csrf_token": token}).status_code == 303
    admin = make_user("admin")
    db.session.commit()
    log_in(client, admin)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/").get_data(as_text=True)).group(1)
    client.post(f"/admin/films/{own_film.id}/decision",
                data={"decision": "approve", "confirmed": "1", "csrf_token": token})
    db.session.expire_all()
    film = db.session.get(type(own_film), own_film.id)
    assert film.status == "published"
    assert "<video" in client.get(f"/films/{film.slug}/regarder").get_data(as_text=True)


def test_a_file_that_is_not_a_video_is_rejected(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    junk = b"not a video at all" * 100
    url = _create(client, own_film, csrf, len(junk))
    response = _patch(client, url, csrf, 0, junk)
    assert response.headers["Upload-Status"] == "rejected"
    db.session.expire_all()
    assert db.session.get(type(own_film), own_film.id).source_path is None


def test_poster_upload_makes_the_variants(app, client, filmmaker, own_film):
    from app.demo.art import draw_poster

    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    image = draw_poster("Mon film", "Afi", seed=1)
    url = _create(client, own_film, csrf, len(image), kind="poster")
    assert _patch(client, url, csrf, 0, image).headers["Upload-Status"] == "complete"
    db.session.expire_all()
    assert db.session.get(type(own_film), own_film.id).poster_key


def test_a_chunk_lost_by_the_store_is_asked_for_again_and_the_file_arrives_whole(app, client, filmmaker, own_film):
    from app import storage
    from app.demo.art import draw_poster
    from app.studio import chunks

    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    image = draw_poster("Mon film", "Afi", seed=2)
    third = len(image) // 3
    url = _create(client, own_film, csrf, len(image), kind="poster")
    assert _patch(client, url, csrf, 0, image[:third]).status_code == 204
    assert _patch(client, url, csrf, third, image[third:2 * third]).status_code == 204
    token = url.rsplit("/", 1)[1]
    storage.store().delete(f"{chunks.prefix(token)}{third}")  # the middle chunk, lost
    last = _patch(client, url, csrf, 2 * third, image[2 * third:])
    assert (last.status_code, last.headers["Upload-Offset"], last.headers["Upload-Status"]) == (
        204, str(third), "receiving")  # the client goes on from the gap, as from any offset
    assert [offset for offset, _size, _key in chunks.stored_chunks(token)] == [0]
    assert _patch(client, url, csrf, third, image[third:]).headers["Upload-Status"] == "complete"
    db.session.expire_all()
    assert db.session.get(type(own_film), own_film.id).poster_key


def test_another_filmmaker_cannot_see_or_touch_my_film_or_upload(app, client, filmmaker, other_filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    url = _create(client, own_film, csrf, 100)
    log_in(client, other_filmmaker)
    assert client.get(f"/studio/films/{own_film.id}").status_code == 404
    assert client.head(url, headers=TUS).status_code == 404
    other_csrf = _csrf(client, own_film) if False else csrf
    assert client.post(f"/studio/films/{own_film.id}/televersements?kind=video",
                       headers={**TUS, "Upload-Length": "100", "X-CSRFToken": other_csrf}).status_code in (400, 404)
    assert db.session.query(UploadSession).count() == 1


def test_viewers_cannot_reach_the_studio(app, client):
    from app.accounts.models import User

    viewer = User(phone="+22890003333", role="viewer")
    db.session.add(viewer)
    db.session.commit()
    assert client.get("/studio/").status_code in (302, 401)
    log_in(client, viewer)
    assert client.get("/studio/").status_code == 403


def test_oversized_or_malformed_uploads_are_refused(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    base = f"/studio/films/{own_film.id}/televersements?kind=video"
    assert client.post(base, headers={**TUS, "Upload-Length": str(3 * 1024**3), "X-CSRFToken": csrf}).status_code == 413
    assert client.post(base, headers={**TUS, "Upload-Length": "abc", "X-CSRFToken": csrf}).status_code == 400
    assert client.post(base, headers={**TUS, "Upload-Length": "10"}).status_code == 400  # no CSRF token
