"""What filmmakers send reaches the media store, on the local folder and on SeaweedFS's S3."""
import os

from app import storage
from app.demo.art import draw_poster
from app.extensions import db
from app.media import posters
from app.studio import chunks
from app.studio.models import UploadSession
from tests.factories import log_in
from tests.studio.tus import create_upload, csrf_of, send_chunk

FOREVER = "public, max-age=31536000, immutable"


def test_a_poster_sent_from_the_studio_is_stored_and_served(app, media_backend, client, filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = csrf_of(client, own_film)
    image = draw_poster("Mon film", "Afi", seed=1)
    url = create_upload(client, own_film, csrf, len(image), name="affiche.png", kind="poster")
    assert send_chunk(client, url, csrf, 0, image).headers["Upload-Status"] == "complete"
    db.session.expire_all()
    key = db.session.get(type(own_film), own_film.id).poster_key
    for width in app.config["POSTER_WIDTHS"]:
        assert media_backend.exists(posters.poster_key("films", own_film.id, key, width))
    served = client.get(f"/media/posters/films/{own_film.id}/{key}/160.webp", buffered=True)
    assert served.status_code == 200 and served.mimetype == "image/webp" and served.headers["Cache-Control"] == FOREVER
    assert served.data == media_backend.read(posters.poster_key("films", own_film.id, key, 160))
    again = client.get(f"/media/posters/films/{own_film.id}/{key}/160.webp",
                       headers={"If-None-Match": served.headers["ETag"]}, buffered=True)
    assert again.status_code == 304
    assert client.get(f"/media/posters/films/{own_film.id}/{'0' * 12}/160.webp").status_code == 404


def test_a_finished_video_upload_becomes_a_stored_source_and_its_chunks_go(app, media_backend, client, filmmaker,
                                                                           own_film, video_file):
    log_in(client, filmmaker)
    csrf = csrf_of(client, own_film)
    data = video_file.read_bytes()
    url = create_upload(client, own_film, csrf, len(data))
    half = len(data) // 2
    send_chunk(client, url, csrf, 0, data[:half])
    upload = db.session.scalar(db.select(UploadSession).where(UploadSession.film_id == own_film.id))
    assert [(offset, size) for offset, size, _ in chunks.stored_chunks(upload.token)] == [(0, half)]
    assert media_backend.read(f"uploads/{upload.token}/0") == data[:half]
    assert send_chunk(client, url, csrf, half, data[half:]).headers["Upload-Status"] == "complete"
    db.session.expire_all()
    film = db.session.get(type(own_film), own_film.id)
    assert film.source_path.startswith(f"sources/{film.id}/")
    assert media_backend.read(film.source_path) == data
    assert chunks.stored_chunks(upload.token) == [], "the chunks go once the source is stored"
    assert os.listdir(storage.scratch_folder(chunks.SCRATCH)) == [], "and so do the node's working files"
    assert storage.store().name == media_backend.name
