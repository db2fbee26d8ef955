"""An administrator watches a film before it is published, and a published film's new video
before it replaces the old one; the public gets nothing of either, and no cache keeps them."""
import html
import re

from sqlalchemy import select, update

from app.admin import review
from app.catalog.models import Film
from app.extensions import db
from app.watch.models import Rendition
from tests.factories import log_in, make_user


def _review_links(client):
    page = client.get("/admin/").get_data(as_text=True)
    return [html.unescape(link) for link in re.findall(r'<source src="(/v/[^"]+)"', page)]


def test_an_admin_plays_a_film_in_review_that_the_public_cannot(app, client, playable_film):
    db.session.execute(update(Film).where(Film.id == playable_film.id).values(status="in_review"))
    admin = make_user("admin")
    db.session.commit()
    log_in(client, admin)
    links = _review_links(client)
    assert links and all(f"/v/{playable_film.id}/" in link for link in links)
    played = client.get(links[0], headers={"Range": "bytes=0-99"}, buffered=True)
    assert played.status_code == 206 and played.headers["Cache-Control"] == "private, no-store"
    assert app.test_client().get(links[0], headers={"Range": "bytes=0-99"}).status_code == 410


def test_a_new_video_sent_back_is_deleted_and_the_old_one_keeps_playing(app, client, playable_film, run_jobs):
    old_ids = {r.id for r in playable_film.renditions}
    for rendition in list(playable_film.renditions):  # the same files as a "new video", staged
        db.session.add(Rendition(film_id=rendition.film_id, height=rendition.height, width=rendition.width,
                                 video_kbps=rendition.video_kbps, audio_kbps=rendition.audio_kbps,
                                 codec=rendition.codec, fragmented=True, size_bytes=rendition.size_bytes,
                                 duration_s=rendition.duration_s, path=f"{rendition.path}.new", staged=True))
    film = db.session.get(Film, playable_film.id)
    film.new_video_in_review = True
    admin = make_user("admin")
    db.session.commit()
    log_in(client, admin)
    [staged_link, *_] = _review_links(client)
    staged_id = int(staged_link.split("/")[3])
    assert staged_id not in old_ids
    assert app.test_client().get(staged_link).status_code == 404  # a staged rendition is no public one
    page = client.get(f"/films/{film.slug}/regarder").get_data(as_text=True)
    assert f"/v/{film.id}/{staged_id}/" not in page

    review.decide_film(admin, db.session.get(Film, film.id), "send_back", "Le son sature.")
    db.session.commit()
    run_jobs()
    db.session.expire_all()
    assert set(db.session.scalars(select(Rendition.id).where(Rendition.film_id == film.id))) == old_ids
    film = db.session.get(Film, film.id)
    assert film.status == "published" and not film.new_video_in_review and film.review_comment == "Le son sature."
    assert client.get(f"/films/{film.slug}/regarder").status_code == 200
