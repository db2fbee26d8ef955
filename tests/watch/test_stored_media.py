"""Videos from the media store, on the local folder and on SeaweedFS's S3: the worker pulls the
source and pushes the renditions back, viewers and downloads get their ranges from the store."""
import os
import re

from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.media import posters
from app.watch import encoding, jobs, video_links
from app.watch.models import Rendition
from tests.factories import make_film


def test_the_worker_transcodes_a_stored_source_and_stores_every_rendition(app, media_backend, source_clip, run_jobs):
    film = make_film(title="Harmattan", poster_key=None)
    jobs.attach_source(film, source_clip)
    db.session.commit()
    assert media_backend.size(film.source_path) == os.path.getsize(source_clip)
    run_jobs("transcode")
    db.session.expire_all()
    film = db.session.get(Film, film.id)
    assert film.video_status == "ready" and film.transcode_progress["state"] == "ready"
    assert len(film.renditions) == 8
    for rendition in film.renditions:
        assert media_backend.size(rendition.path) == rendition.size_bytes
        assert media_backend.read_range(rendition.path, 4, 4) == b"ftyp"
    assert media_backend.exists(posters.poster_key("films", film.id, film.poster_key, 160))  # from a frame
    assert not os.path.exists(encoding.work_folder_of(film.id)), "the worker's encodes leave with the job"


def test_a_source_lost_from_the_store_fails_the_film_visibly(app, media_backend, source_clip, run_jobs):
    film = make_film(title="Perdu", poster_key=None)
    jobs.attach_source(film, source_clip)
    db.session.commit()
    media_backend.delete(film.source_path)
    run_jobs("transcode")
    db.session.expire_all()
    film = db.session.get(Film, film.id)
    assert film.video_status == "failed" and film.transcode_progress["state"] == "failed"
    assert not os.path.exists(encoding.work_folder_of(film.id))


def _rendition(film, height=240, codec="av1"):
    return db.session.scalar(select(Rendition).where(Rendition.film_id == film.id, Rendition.height == height,
                                                     Rendition.codec == codec))


def test_a_range_of_a_stored_rendition_is_served_with_206(app, media_backend, playable_film, client):
    rendition = _rendition(playable_film)
    with app.test_request_context():
        url = video_links.signed_url(rendition)
    data = media_backend.read(rendition.path)
    part = client.get(url, buffered=True, headers={"Range": "bytes=1000-4999"})
    assert part.status_code == 206 and part.data == data[1000:5000]
    assert part.headers["Content-Range"] == f"bytes 1000-4999/{len(data)}" and part.headers["Content-Length"] == "4000"
    assert part.headers["Accept-Ranges"] == "bytes" and part.mimetype == "video/mp4"
    assert client.get(url, buffered=True, headers={"Range": "bytes=-100"}).data == data[-100:]
    from_start = client.get(url, buffered=True, headers={"Range": "bytes=0-"})  # what a browser asks first
    assert from_start.status_code == 206 and from_start.headers["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"
    whole = client.get(url, buffered=True)
    assert whole.status_code == 200 and whole.data == data
    beyond = client.get(url, buffered=True, headers={"Range": f"bytes={len(data)}-"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{len(data)}"
    db.session.expire_all()
    assert db.session.get(Film, playable_film.id).bytes_served == 4000 + 100 + 2 * len(data)


def test_a_rendition_lost_from_the_store_is_a_404(app, media_backend, playable_film, client):
    rendition = _rendition(playable_film)
    media_backend.delete(rendition.path)
    with app.test_request_context():
        url = video_links.signed_url(rendition)
    assert client.get(url, buffered=True, headers={"Range": "bytes=0-99"}).status_code == 404


def test_a_film_downloaded_in_ranges_for_offline_viewing_is_the_stored_file(app, media_backend, playable_film, client):
    rendition = _rendition(playable_film)
    link = client.get(f"/films/{playable_film.slug}/pour-hors-ligne/av1/240")
    assert link.status_code == 302 and re.fullmatch(r"/v/\d+/\d+/av1-240\.mp4\?e=\d+&s=[\w-]+", link.headers["Location"])
    chunk, kept = 16 * 1024, b""
    while True:
        answer = client.get(link.headers["Location"], buffered=True,
                            headers={"Range": f"bytes={len(kept)}-{len(kept) + chunk - 1}"})
        if answer.status_code == 416:
            break
        assert answer.status_code == 206
        kept += answer.data
        if len(kept) == int(answer.headers["Content-Range"].rsplit("/", 1)[1]):
            break
    assert kept == media_backend.read(rendition.path)
