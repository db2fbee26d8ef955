"""The film page says which uploads are pending, and the texts the upload script fills in."""
import html

from sqlalchemy import select

from app.extensions import db
from app.studio import chunks
from app.studio.models import UploadSession
from tests.factories import log_in
from tests.studio.tus import create_upload, csrf_of, send_chunk


def _page(client, film):
    return html.unescape(client.get(f"/studio/films/{film.id}").get_data(as_text=True))


def test_a_pending_upload_is_named_on_the_film_page_with_what_to_pick(client, filmmaker, own_film):
    log_in(client, filmmaker)
    csrf = csrf_of(client, own_film)
    url = create_upload(client, own_film, csrf, 35_000_000)
    send_chunk(client, url, csrf, 0, b"x" * 1_200_000)
    finished = create_upload(client, own_film, csrf, 10, name="fini.jpg", kind="poster")
    send_chunk(client, finished, csrf, 0, b"0123456789")  # complete (and refused: not an image)
    page = _page(client, own_film)
    assert ("Un envoi de « film.mp4 » (35,0 Mo) est en attente : choisissez ce même fichier pour reprendre. "
            "1,2 Mo déjà reçus.") in page
    assert f'data-url="{url}" data-name="film.mp4" data-size="35000000" data-received="1200000"' in page
    assert "fini.jpg" not in page


def test_the_notice_and_the_progress_texts_are_in_english_too(client, filmmaker, own_film):
    log_in(client, filmmaker)
    client.set_cookie("lang", "en")
    csrf = csrf_of(client, own_film)
    url = create_upload(client, own_film, csrf, 1_234_567_890)
    send_chunk(client, url, csrf, 0, b"x" * 1000)
    page = _page(client, own_film)
    assert "An upload of “film.mp4” (1,234.6 MB) is pending: pick this same file to resume." in page
    assert 'data-progress="{sent} MB of {total} MB · {speed} KB/s · {left} left"' in page
    assert 'data-estimate="{size} MB: about {time} on a 2G connection."' in page


def test_the_progress_texts_are_in_french(client, filmmaker, own_film):
    log_in(client, filmmaker)
    page = _page(client, own_film)
    assert 'data-progress="{sent} Mo sur {total} Mo · {speed} ko/s · encore {left}"' in page
    assert 'data-estimate="{size} Mo : environ {time} sur une connexion 2G."' in page
    assert "en attente : choisissez" not in page  # nothing pending, nothing said


def test_a_file_that_arrives_whole_ends_the_other_pending_uploads_of_its_film(client, filmmaker, own_film, video_file):
    data = video_file.read_bytes()
    log_in(client, filmmaker)
    csrf = csrf_of(client, own_film)
    abandoned = create_upload(client, own_film, csrf, 50_000, name="autre.mp4")
    send_chunk(client, abandoned, csrf, 0, b"x" * 1000)
    create_upload(client, own_film, csrf, 5000, name="affiche.jpg", kind="poster")
    url = create_upload(client, own_film, csrf, len(data))
    assert send_chunk(client, url, csrf, 0, data).headers["Upload-Status"] == "complete"
    db.session.expire_all()
    left = db.session.execute(select(UploadSession.filename, UploadSession.status)).all()
    assert sorted(left) == [("affiche.jpg", "receiving"), ("film.mp4", "complete")]
    assert chunks.stored_chunks(abandoned.rsplit("/", 1)[1]) == []  # its bytes went with it
    page = _page(client, own_film)
    assert "autre.mp4" not in page and "« affiche.jpg »" in page
