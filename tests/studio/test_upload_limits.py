"""What an upload may not do: decode a giant poster, outgrow the account, outlive its use."""
import io
import os
import shutil
import time
from datetime import timedelta

import pytest
from PIL import Image

from app import storage
from app.extensions import db
from app.studio import chunks
from app.studio.models import UploadSession
from app.timeutil import utcnow
from tests.factories import log_in, make_film
from tests.studio.test_uploads import TUS, _create, _csrf, _patch


def _png(width, height):
    """A real PNG of width × height pixels, one bit each: a few kilobytes on disk."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def _send_poster(client, film, csrf, image):
    url = _create(client, film, csrf, len(image), kind="poster")
    return url, _patch(client, url, csrf, 0, image)


@pytest.mark.parametrize("width, height", [(12000, 12000), (7000, 7000)])
def test_a_poster_with_too_many_pixels_is_refused_with_the_reason(app, client, filmmaker, own_film, width, height):
    image = _png(width, height)
    assert len(image) < 100_000
    log_in(client, filmmaker)
    url, response = _send_poster(client, own_film, _csrf(client, own_film), image)
    assert response.status_code == 422 and response.headers["Upload-Status"] == "rejected"
    assert "Cette image a trop de pixels pour une affiche : 40 mégapixels au plus" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(own_film), own_film.id).poster_key is None
    assert chunks.stored_chunks(url.rsplit("/", 1)[1]) == []


def test_the_pixel_count_is_read_from_the_header_before_any_pixel_is_decoded(app, client, filmmaker, own_film):
    header_only = _png(12000, 12000)[:200]  # the header, then the pixels cut off: decoding would fail
    log_in(client, filmmaker)
    client.set_cookie("lang", "en")
    _, response = _send_poster(client, own_film, _csrf(client, own_film), header_only)
    assert response.status_code == 422
    assert "too many pixels for a poster: 40 megapixels at most" in response.get_data(as_text=True)


def test_a_refused_file_is_explained_without_server_paths(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    junk = b"not a video at all" * 100
    url = _create(client, own_film, csrf, len(junk))
    response = _patch(client, url, csrf, 0, junk)
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and text == "Ce fichier n'est pas une vidéo lisible. Essayez-en un autre."
    assert db.session.query(UploadSession.error).scalar() == "not_a_video"  # ffprobe's words stay in the log
    _, response = _send_poster(client, own_film, csrf, b"GIF89a broken" * 10)
    assert response.get_data(as_text=True).startswith("Ce fichier n'est pas une image lisible.")
    for answer in (text, response.get_data(as_text=True)):
        assert app.config["MEDIA_ROOT"] not in answer and ".part" not in answer


def test_an_account_cannot_announce_more_than_its_quota(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    base = f"/studio/films/{own_film.id}/televersements?kind=video"
    for _ in range(13):  # 19.5 GB announced, nothing sent yet: within the 20 GB
        _create(client, own_film, csrf, 1_500_000_000)
    refused = client.post(base, headers={**TUS, "Upload-Length": "1500000000", "X-CSRFToken": csrf})
    assert refused.status_code == 413
    assert refused.get_data(as_text=True).startswith("Vos films occupent déjà 19,5 Go des 20 Go")
    assert db.session.query(UploadSession).count() == 13
    too_big = client.post(base, headers={**TUS, "Upload-Length": "2000000001", "X-CSRFToken": csrf})
    assert too_big.status_code == 413 and "2 Go au maximum" in too_big.get_data(as_text=True)


def test_stored_sources_count_against_the_quota(app, client, filmmaker, own_film):
    other = make_film(owner_id=filmmaker.id, status="draft", source_path="sources/x/film.source")
    db.session.commit()
    path = os.path.join(app.config["MEDIA_ROOT"], other.source_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.truncate(19_500_000_000)  # sparse: 19.5 GB to the filesystem's count, nothing on disk
    try:
        log_in(client, filmmaker)
        csrf = _csrf(client, own_film)
        _create(client, own_film, csrf, 400_000_000)
        refused = client.post(f"/studio/films/{own_film.id}/televersements?kind=video",
                              headers={**TUS, "Upload-Length": "200000000", "X-CSRFToken": csrf})
        assert refused.status_code == 413 and "19,9 Go des 20 Go" in refused.get_data(as_text=True)
    finally:
        os.remove(path)  # a later backup of the session's media would otherwise read 19.5 GB of zeros


def test_of_two_uploads_that_no_longer_fit_the_later_stops_at_its_first_bytes(app, client, filmmaker, own_film,
                                                                               monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_GB", 3)
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    first, second = (_create(client, own_film, csrf, 1_500_000_000) for _ in range(2))
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_GB", 2)  # as if both had been created at the same moment
    assert _patch(client, first, csrf, 0, b"x" * 1000).status_code == 204
    refused = _patch(client, second, csrf, 0, b"x" * 1000)
    assert refused.status_code == 413 and "Vos films occupent déjà" in refused.get_data(as_text=True)
    assert client.head(second, headers=TUS).headers["Upload-Offset"] == "0"


def test_delete_ends_an_upload_and_frees_its_bytes(app, client, filmmaker, other_filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    options = client.options(f"/studio/films/{own_film.id}/televersements")
    assert options.status_code == 204 and options.headers["Tus-Extension"] == "creation,termination"
    url = _create(client, own_film, csrf, 10_000)
    assert _patch(client, url, csrf, 0, b"x" * 4000).headers["Tus-Extension"] == "creation,termination"
    token = url.rsplit("/", 1)[1]
    assert [(offset, size) for offset, size, _ in chunks.stored_chunks(token)] == [(0, 4000)]
    assert client.delete(url, headers=TUS).status_code == 400  # no CSRF token
    log_in(client, other_filmmaker)
    assert client.delete(url, headers={**TUS, "X-CSRFToken": csrf}).status_code == 404
    log_in(client, filmmaker)
    response = client.delete(url, headers={**TUS, "X-CSRFToken": csrf})
    assert response.status_code == 204 and response.headers["Tus-Resumable"] == "1.0.0"
    assert chunks.stored_chunks(token) == [] and db.session.query(UploadSession).count() == 0
    assert client.head(url, headers=TUS).status_code == 404
    assert _patch(client, url, csrf, 4000, b"x" * 10).status_code == 404


def _aged(path, hours):
    past = time.time() - hours * 3600
    os.utime(path, (past, past))


def test_cleanup_removes_idle_uploads_and_replaced_sources(app, client, runner, run_jobs, filmmaker, own_film):
    from app.jobs import enqueue_now
    from app.studio import cleanup

    log_in(client, filmmaker)
    csrf = _csrf(client, own_film)
    idle, fresh = _create(client, own_film, csrf, 10_000), _create(client, own_film, csrf, 10_000)
    for url in (idle, fresh):
        _patch(client, url, csrf, 0, b"x" * 3000)
    idle_token = idle.rsplit("/", 1)[1]
    db.session.query(UploadSession).filter_by(token=idle_token).update(
        {"updated_at": utcnow() - timedelta(hours=25)})
    media = app.config["MEDIA_ROOT"]
    folder = os.path.join(media, "sources", str(own_film.id))
    shutil.rmtree(folder, ignore_errors=True)  # film ids start again at 1 in every test; the media root does not
    os.makedirs(folder)
    files = {name: os.path.join(folder, name) for name in ("old.source", "current.source", "moving-in.source")}
    for name, path in files.items():
        with open(path, "wb") as f:
            f.write(b"v" * 5000)
        if name != "moving-in.source":  # just put in place by an upload that has not committed yet
            _aged(path, 30)
    _aged(storage.store().local_path(f"uploads/{idle_token}/0"), 30)
    storage.store().put_bytes("uploads/gone0123/0", b"x" * 700)  # a chunk of a session no longer there
    _aged(storage.store().local_path("uploads/gone0123/0"), 30)
    left_by_a_killed_request = os.path.join(storage.scratch_folder(chunks.SCRATCH), "tmp1.chunk")
    with open(left_by_a_killed_request, "wb") as f:
        f.write(b"x" * 300)
    _aged(left_by_a_killed_request, 30)
    own_film.source_path = f"sources/{own_film.id}/current.source"
    db.session.commit()

    enqueue_now(cleanup.clean_up)
    run_jobs()  # a real worker
    assert [u.token for u in db.session.query(UploadSession)] == [fresh.rsplit("/", 1)[1]]
    assert chunks.stored_chunks(idle_token) == [] and chunks.stored_chunks("gone0123") == []
    assert not os.path.exists(left_by_a_killed_request)
    assert len(chunks.stored_chunks(fresh.rsplit("/", 1)[1])) == 1
    assert sorted(os.listdir(folder)) == ["current.source", "moving-in.source"]
    assert client.head(idle, headers=TUS).status_code == 404  # the phone starts that file afresh

    result = runner.invoke(args=["studio", "cleanup"])  # the cron line: nothing left to do
    assert result.exit_code == 0 and result.output.startswith("0 idle upload(s), 0 unused file(s)")
