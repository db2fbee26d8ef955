"""A project's presentation video: a film row of kind "pitch", uploaded and transcoded as films
are, never listed, and shown on its public project page with its cost before play."""
import re

from sqlalchemy import select

from app import storage
from app.catalog.models import Film
from app.extensions import db
from app.watch.models import Rendition
from tests.factories import log_in, make_project
from tests.studio.tus import create_upload, csrf_of, send_chunk


def _token(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _ready_pitch(project, size_bytes=2_400_000):
    """A pitch with a 240p and a 360p rendition already made (bytes only: the page and the
    link are under test here, the encoding is the films' own, tested with them)."""
    film = Film(slug=f"pitch-{project.short_code.lower()}", title="Pitch", kind="pitch", status="draft", year=2026,
                country_code="TG", owner_id=project.owner_id, video_status="ready", duration_s=95)
    db.session.add(film)
    db.session.flush()
    for height, size in ((240, size_bytes), (360, size_bytes * 2)):
        key = f"renditions/{film.id}/pitch-{height}.mp4"
        storage.store().put_bytes(key, b"\0" * 1000, "video/mp4")
        db.session.add(Rendition(film_id=film.id, height=height, width=height * 16 // 9, video_kbps=200, audio_kbps=48,
                                 codec="h264", size_bytes=size, duration_s=95.0, path=key))
    project.pitch_film_id = film.id
    db.session.commit()
    return film


def test_the_pitch_is_uploaded_through_the_films_resumable_upload_and_goes_to_transcoding(
        client, filmmaker, video_file):
    project = make_project(status="draft", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, filmmaker)
    token = _token(client, f"/studio/projets/{project.id}/dossier")
    response = client.post(f"/studio/projets/{project.id}/video", data={"csrf_token": token})
    db.session.expire_all()
    pitch = db.session.scalars(select(Film).where(Film.kind == "pitch")).one()
    assert response.headers["Location"] == f"/studio/films/{pitch.id}"
    assert db.session.get(type(project), project.id).pitch_film_id == pitch.id
    page = client.get(f"/studio/films/{pitch.id}").get_data(as_text=True)
    assert "Vidéo de présentation du projet" in page and "Soumettre" not in page
    data = video_file.read_bytes()
    csrf = csrf_of(client, pitch)
    url = create_upload(client, pitch, csrf, len(data))
    assert send_chunk(client, url, csrf, 0, data).status_code == 204
    db.session.expire_all()
    pitch = db.session.get(Film, pitch.id)
    assert pitch.source_path and pitch.video_status == "processing" and pitch.duration_s == 3
    assert pitch.title not in client.get("/studio/").get_data(as_text=True)  # not among the films
    again = client.post(f"/studio/projets/{project.id}/video", data={"csrf_token": token})
    assert again.headers["Location"] == f"/studio/films/{pitch.id}"  # one pitch per project
    storage.store().delete_prefix(f"sources/{pitch.id}/")


def test_the_project_page_shows_the_pitch_with_its_cost_before_play_and_it_streams(client, filmmaker):
    project = make_project(status="live", owner_id=filmmaker.id)
    db.session.commit()
    pitch = _ready_pitch(project)
    page = client.get(f"/projets/{project.short_code}").get_data(as_text=True)
    assert "Vidéo de présentation" in page and "1 min 35 · 2,4 Mo de données si vous la lancez" in page
    assert '<video class="pitch" controls preload="none">' in page  # nothing fetched before play
    src = re.search(r'<video class="pitch"[^>]*><source src="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert f"/v/{pitch.id}/" in src
    with client.get(src) as played:
        assert played.status_code == 200 and played.get_data() == b"\0" * 1000
    assert client.get(f"/films/{pitch.slug}").status_code == 404  # never in the catalogue
    project.status = "draft"
    db.session.commit()
    assert client.get(src).status_code == 410  # plays only while its project is public
    storage.store().delete_prefix(f"renditions/{pitch.id}/")


def test_a_film_page_keeps_its_poster_and_submit_while_a_pitch_page_has_neither(client, filmmaker, own_film):
    project = make_project(status="draft", owner_id=filmmaker.id)
    own_film.video_status = "ready"
    db.session.commit()
    pitch = _ready_pitch(project)
    log_in(client, filmmaker)
    film_page = client.get(f"/studio/films/{own_film.id}").get_data(as_text=True)
    assert 'id="poster-file"' in film_page and "Soumettre" in film_page
    pitch_page = client.get(f"/studio/films/{pitch.id}").get_data(as_text=True)
    assert 'id="poster-file"' not in pitch_page and "Soumettre" not in pitch_page
    storage.store().delete_prefix(f"renditions/{pitch.id}/")
