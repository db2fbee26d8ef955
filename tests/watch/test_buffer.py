"""Positions and bytes served go through Redis and reach PostgreSQL once, in batches."""
import os
import re
import threading
import traceback

import pytest
from sqlalchemy import func, select

from app import jobs
from app.catalog.models import Film
from app.extensions import db
from app.watch import buffer, progress, video_links
from app.watch.models import CounterBatch, Rendition, Viewing
from tests.factories import log_in, make_film, make_user


@pytest.fixture
def buffered(app, monkeypatch):
    """WATCH_BUFFER on, as in production, with no buffered key left from another test."""
    monkeypatch.setitem(app.config, "WATCH_BUFFER", True)
    connection = jobs.redis_connection()

    def forget():
        keys = list(connection.scan_iter(f"{app.config['RQ_QUEUE']}:watch:*", count=1000))
        if keys:
            connection.delete(*keys)

    forget()
    yield connection
    forget()


def _rows(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def _flush(runner):
    result = runner.invoke(args=["watch", "flush-counters"])
    assert result.exit_code == 0, result.output
    return result.output


def _save(client, film, seconds):
    page = client.get(f"/films/{film.slug}/regarder").get_data(as_text=True)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    return client.post(f"/films/{film.slug}/position", data={"position": str(seconds), "csrf_token": token})


def test_a_saved_position_is_read_back_before_and_after_the_flush(app, client, runner, buffered, playable_film):
    film = playable_film
    film.duration_s = 3600
    member = make_user()
    db.session.commit()
    log_in(client, member)
    assert _save(client, film, 760).status_code == 204
    assert _rows(Viewing) == 0  # nothing written to PostgreSQL yet
    assert "Reprendre à 12:40" in client.get(f"/films/{film.slug}").get_data(as_text=True)
    assert "Reprendre à 12:40" in client.get("/").get_data(as_text=True)
    assert "12:40" in client.get("/historique").get_data(as_text=True)
    assert "1 position(s) written" in _flush(runner)
    viewing = db.session.scalar(select(Viewing))
    assert (viewing.viewer_key, viewing.user_id, viewing.position_s) == (f"u{member.id}", member.id, 760)
    assert "0 position(s) written" in _flush(runner)  # the buffer is empty once written
    assert "Reprendre à 12:40" in client.get(f"/films/{film.slug}").get_data(as_text=True)


def test_a_position_saved_after_the_flush_read_it_is_kept_for_the_next(app, buffered):
    film = make_film(video_status="ready", duration_s=3600)
    db.session.commit()
    viewer = "v" + "b2" * 12
    progress.record_position(viewer, None, film, 100)
    found = buffer.read_positions(buffered, [viewer])
    progress.record_position(viewer, None, film, 130)  # arrives while the flush writes 100
    assert buffer.write_positions(buffered, found) == 1
    assert db.session.scalar(select(Viewing.position_s)) == 100
    assert progress.position_of(viewer, film.id).position_s == 130
    buffer.flush()
    assert db.session.scalar(select(Viewing.position_s)) == 130
    assert buffered.scard(buffer._key("dirty")) == 0


def test_a_finished_film_stays_finished_whatever_arrives_later(app, buffered):
    film = make_film(video_status="ready", duration_s=1000)
    db.session.commit()
    progress.record_position("v" + "c3" * 12, None, film, 950)
    buffer.flush()
    progress.record_position("v" + "c3" * 12, None, film, 20)  # watched again from the start
    buffer.flush()
    viewing = db.session.scalar(select(Viewing))
    assert viewing.completed and viewing.position_s == 20


def test_concurrent_saves_and_flushes_write_each_viewers_last_position(app, buffered):
    film = make_film(video_status="ready", duration_s=100_000)
    db.session.commit()
    film_id, viewers, errors = film.id, [f"v{n:02d}" + "d4" * 10 for n in range(12)], []

    def watch(viewer):
        with app.app_context():
            try:
                watched = db.session.get(Film, film_id)
                for second in range(0, 300, 15):
                    progress.record_position(viewer, None, watched, second)
                    db.session.commit()
            except Exception:
                errors.append(traceback.format_exc())
            finally:
                db.session.remove()

    def flush():
        with app.app_context():
            try:
                for _ in range(5):
                    buffer.flush()
            except Exception:
                errors.append(traceback.format_exc())
            finally:
                db.session.remove()

    threads = [threading.Thread(target=watch, args=(v,)) for v in viewers] + [threading.Thread(target=flush)
                                                                             for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[0]
    buffer.flush()
    db.session.expire_all()
    positions = dict(db.session.execute(select(Viewing.viewer_key, Viewing.position_s)).all())
    assert positions == {viewer: 285 for viewer in viewers}
    assert db.session.get(Film, film_id).views_count == len(viewers)  # one view each today


def test_concurrent_range_requests_are_counted_once_after_the_flush(app, client, runner, buffered, playable_film):
    rendition = db.session.scalar(select(Rendition).where(Rendition.film_id == playable_film.id,
                                                          Rendition.height == 240))
    with app.test_request_context():
        url = video_links.signed_url(rendition)
    size = os.path.getsize(os.path.join(app.config["MEDIA_ROOT"], rendition.path))
    ranges = [f"bytes={start}-{start + 999}" for start in range(0, min(size, 40_000) - 1000, 1000)]

    def fetch(some):
        for value in some:
            assert app.test_client().get(url, buffered=True, headers={"Range": value}).status_code == 206

    def flush():
        with app.app_context():
            for _ in range(5):
                buffer.flush_counters()
            db.session.remove()

    threads = [threading.Thread(target=fetch, args=(ranges[n::4],)) for n in range(4)]
    threads += [threading.Thread(target=flush) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _flush(runner)
    _flush(runner)
    db.session.expire_all()
    assert db.session.get(Film, playable_film.id).bytes_served == 1000 * len(ranges)


def test_a_batch_applied_before_its_flusher_died_is_not_applied_again(app, buffered):
    film = make_film()
    db.session.commit()
    progress.count_bytes_served(film.id, 5000)
    batch_id = buffer.flush_counters() and db.session.scalar(select(CounterBatch.id))
    # What Redis holds had the flusher died after its commit: the batch, still listed.
    buffered.hset(buffer._key("counters", batch_id), f"b:{film.id}", 5000)
    buffered.sadd(buffer._key("batches"), batch_id)
    progress.count_bytes_served(film.id, 700)
    assert buffer.flush_counters() == 2
    db.session.expire_all()
    assert db.session.get(Film, film.id).bytes_served == 5700
    assert not buffered.exists(buffer._key("counters", batch_id)) and _rows(CounterBatch) == 2


def test_without_the_buffer_positions_and_bytes_are_written_at_once(app):
    assert not app.config["WATCH_BUFFER"]  # the demo's setting: it runs no flusher
    film = make_film(video_status="ready", duration_s=3600)
    db.session.commit()
    progress.record_position("v" + "e5" * 12, None, film, 60)
    progress.count_bytes_served(film.id, 1234)
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(Viewing.position_s)) == 60
    assert db.session.get(Film, film.id).bytes_served == 1234
