"""A film's details changed after it was created, and a draft deleted with its files."""
import io
import re
from datetime import timedelta

from PIL import Image
from sqlalchemy import select

from app import storage
from app.catalog.models import Film
from app.extensions import db
from app.studio.models import UploadSession
from app.timeutil import utcnow
from app.watch.models import Rendition
from tests.factories import log_in, make_film, make_genre, make_project


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _details(**changes):
    return {"title": "Le nouveau titre", "synopsis": "Une histoire de pêcheurs à Aného, racontée autrement.",
            "year": "2023", "country": "BJ", "language": "fon, français", "genres": ["comedie"], **changes}


def _edit(client, film, **changes):
    path = f"/studio/films/{film.id}/modifier"
    return client.post(path, data={**_details(**changes), "csrf_token": _token(client, path)},
                       content_type="multipart/form-data")


def _png():
    out = io.BytesIO()
    Image.new("RGB", (200, 300), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_a_published_film_edited_in_the_studio_shows_at_once_on_its_cached_page(app, client, filmmaker):
    make_genre("comedie", "Comédie", "Comedy")
    film = make_film(title="Ancien titre", owner_id=filmmaker.id, status="published")
    db.session.commit()
    assert "Ancien titre" in client.get(f"/films/{film.slug}").get_data(as_text=True)  # now cached
    log_in(client, filmmaker)
    assert _edit(client, film).status_code == 303
    db.session.expire_all()
    assert (film.title, film.year, film.country_code, film.language, [g.slug for g in film.genres]) == (
        "Le nouveau titre", 2023, "BJ", "fon, français", ["comedie"])
    assert "pecheurs" in film.search_text
    client.post("/deconnexion", data={"csrf_token": _token(client, "/compte")})
    page = client.get(f"/films/{film.slug}").get_data(as_text=True)  # same address, new details
    assert "Le nouveau titre" in page and "Ancien titre" not in page


def test_the_edit_form_comes_filled_and_a_new_poster_replaces_the_old(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    page = client.get(f"/studio/films/{own_film.id}/modifier").get_data(as_text=True)
    assert 'value="Mon film"' in page and 'enctype="multipart/form-data"' in page
    response = _edit(client, own_film, poster=(io.BytesIO(_png()), "affiche.png"))
    assert response.status_code == 303
    db.session.expire_all()
    assert own_film.poster_key and own_film.poster_color == "#c81e1e"
    assert storage.store().size(f"posters/films/{own_film.id}/{own_film.poster_key}/160.webp") > 0


def test_a_file_that_is_not_an_image_keeps_what_was_typed_and_changes_nothing(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    response = _edit(client, own_film, title="Titre tapé", poster=(io.BytesIO(b"<html>no</html>"), "affiche.png"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Cette image n’a pas pu être lue" in page and 'value="Titre tapé"' in page
    db.session.expire_all()
    assert (own_film.title, own_film.poster_key) == ("Mon film", None)


def test_an_invalid_year_comes_back_with_a_message(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    response = _edit(client, own_film, year="20233")
    assert response.status_code == 422 and 'value="Le nouveau titre"' in response.get_data(as_text=True)


def test_another_filmmakers_film_cannot_be_edited_or_deleted(app, client, other_filmmaker, own_film):
    log_in(client, other_filmmaker)
    token = _token(client, "/studio/films/nouveau")
    assert client.get(f"/studio/films/{own_film.id}/modifier").status_code == 404
    assert client.post(f"/studio/films/{own_film.id}/supprimer", data={"csrf_token": token, "confirm": "yes"}).status_code == 404
    assert db.session.get(Film, own_film.id) is not None


def test_a_deleted_draft_leaves_with_its_uploads_and_stored_media(app, client, filmmaker, own_film, run_jobs):
    store, film_id = storage.store(), own_film.id
    for key in (f"sources/{own_film.id}/a.source", f"renditions/{own_film.id}/x/h264-240.mp4",
                f"posters/films/{own_film.id}/k/160.webp"):
        store.put_bytes(key, b"data")
    own_film.video_status = "ready"
    db.session.add(Rendition(film_id=own_film.id, height=240, width=426, video_kbps=200, audio_kbps=32, codec="h264",
                             size_bytes=4, duration_s=3.0, path=f"renditions/{own_film.id}/x/h264-240.mp4"))
    db.session.add(UploadSession(token="t" * 32, owner_id=filmmaker.id, film_id=own_film.id, kind="video",
                                 length=10, filename="f.mp4"))
    other = make_film(owner_id=filmmaker.id, status="draft")
    store.put_bytes(f"sources/{other.id}/b.source", b"kept")
    db.session.commit()
    log_in(client, filmmaker)
    path = f"/studio/films/{own_film.id}/modifier"
    assert "Supprimer" in client.get(path).get_data(as_text=True)
    unconfirmed = client.post(f"/studio/films/{own_film.id}/supprimer", data={"csrf_token": _token(client, path)})
    assert unconfirmed.status_code == 303 and db.session.get(Film, own_film.id) is not None
    response = client.post(f"/studio/films/{own_film.id}/supprimer",
                           data={"csrf_token": _token(client, path), "confirm": "yes"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/studio/")
    run_jobs()
    db.session.expire_all()
    assert db.session.get(Film, film_id) is None
    assert db.session.scalars(select(UploadSession)).all() == []
    assert db.session.scalars(select(Rendition)).all() == []
    assert [e.key for e in store.list(f"sources/{film_id}/")] == []
    assert [e.key for e in store.list(f"renditions/{film_id}/")] == []
    assert [e.key for e in store.list(f"posters/films/{film_id}/")] == []
    assert store.size(f"sources/{other.id}/b.source") == 4
    store.delete_prefix(f"sources/{other.id}/")


def test_a_film_sent_for_review_or_published_cannot_be_deleted(app, client, filmmaker):
    films = [make_film(owner_id=filmmaker.id, status=status) for status in ("in_review", "published")]
    db.session.commit()
    log_in(client, filmmaker)
    for film in films:
        path = f"/studio/films/{film.id}/modifier"
        assert "Supprimer" not in client.get(path).get_data(as_text=True)
        client.post(f"/studio/films/{film.id}/supprimer", data={"csrf_token": _token(client, path), "confirm": "yes"})
        assert db.session.get(Film, film.id) is not None


def test_an_early_screening_needs_a_funded_project_and_a_near_end(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    day = (utcnow() + timedelta(days=10)).date().isoformat()
    refused = _edit(client, own_film, backers_until=day)
    assert refused.status_code == 422 and "projet financé" in refused.get_data(as_text=True)
    make_project(film=own_film, status="funded", owner_id=filmmaker.id)
    db.session.commit()
    too_far = _edit(client, own_film, backers_until=(utcnow() + timedelta(days=120)).date().isoformat())
    assert too_far.status_code == 422 and "90" in too_far.get_data(as_text=True)
    assert _edit(client, own_film, backers_until=day).status_code == 303
    db.session.expire_all()
    assert own_film.backers_until.date().isoformat() == day
