"""Transcodes run on a queue of their own, with a timeout that fits the film; a job that dies
leaves no partial file and its film is retried once, then marked failed, never "processing"."""
import html
import glob
import os
import re
from datetime import timedelta

import pytest
from rq.job import Job

from app import jobs as app_jobs
from app.admin import review
from app.catalog.models import Film
from app.extensions import db
from app.media import video
from app.timeutil import utcnow
from app.watch import jobs, recovery
from app.watch.models import Rendition
from tests.factories import make_film, make_user

LATER = timedelta(minutes=11)


def _film(film_id):
    db.session.expire_all()
    return db.session.get(Film, film_id)


def test_a_transcode_waits_on_its_own_queue_with_a_timeout_for_its_length(app, source_clip, run_jobs):
    film = make_film(title="Lagune")
    jobs.attach_source(film, source_clip)
    db.session.commit()
    assert app_jobs.queue(app).count == 0
    [job] = app_jobs.queue(app, "transcode").get_jobs()
    assert job.id == jobs.job_id(film.id)
    assert job.timeout == int(3 * 3 * 8 + 600)  # 3 s of film, 8 renditions, 3 s each per second, 10 min margin
    run_jobs("default")  # the worker of payments and SMS leaves it alone
    assert _film(film.id).video_status == "processing" and app_jobs.queue(app, "transcode").count == 1
    run_jobs("transcode")
    assert _film(film.id).video_status == "ready"
    assert [r["state"] for r in _film(film.id).transcode_progress["renditions"]] == ["ready"] * 8

RUNGS = ("opus-0", "h264-144", "av1-240", "h264-240", "av1-360", "h264-360", "av1-480", "h264-480")


def test_the_progress_says_which_rendition_is_being_made(app, source_clip, run_jobs):
    film = make_film(title="Lagune")
    jobs.attach_source(film, source_clip)
    db.session.commit()
    progress = _film(film.id).transcode_progress
    assert progress["state"] == "queued" and progress["source"] == _film(film.id).source_path
    assert progress["renditions"] == [{"rung": key, "height": int(key.split("-")[1]), "state": "queued", "percent": 0}
                                      for key in RUNGS]
    run_jobs()
    progress = _film(film.id).transcode_progress
    assert progress["state"] == "ready"
    assert progress["renditions"] == [{"rung": key, "height": int(key.split("-")[1]), "state": "ready", "percent": 100}
                                      for key in RUNGS]


@pytest.fixture
def one_second_timeout(app):
    saved = app.config["TRANSCODE_SECONDS_PER_SECOND"], app.config["TRANSCODE_TIMEOUT_MARGIN"]
    app.config.update(TRANSCODE_SECONDS_PER_SECOND=0.0001, TRANSCODE_TIMEOUT_MARGIN=1)
    yield
    app.config["TRANSCODE_SECONDS_PER_SECOND"], app.config["TRANSCODE_TIMEOUT_MARGIN"] = saved


@pytest.fixture
def long_clip(session_dir):
    """Long enough that four renditions take well over a second."""
    return video.make_test_film(os.path.join(session_dir, "long.mp4"), "Long", seconds=20)


def test_a_transcode_killed_at_its_timeout_is_retried_once_then_failed(app, long_clip, run_jobs, one_second_timeout):
    film = make_film(title="Trop long", poster_key=None)
    jobs.attach_source(film, long_clip)
    db.session.commit()
    run_jobs("transcode")  # RQ stops the job after one second
    assert Job.fetch(jobs.job_id(film.id), connection=app_jobs.redis_connection(app)).get_status() == "failed"
    assert glob.glob(os.path.join(app.config["MEDIA_ROOT"], "renditions", str(film.id), "*", "*.part.mp4")) == []
    assert _film(film.id).video_status == "processing"
    assert _film(film.id).transcode_progress["state"] == "encoding"

    assert recovery.recover().retried == []  # its progress is fresh: maybe it still runs
    assert recovery.recover(now=utcnow() + LATER).retried == [film.id]
    assert _film(film.id).transcode_progress["attempt"] == 2
    assert app_jobs.queue(app, "transcode").count == 1
    run_jobs("transcode")
    assert recovery.recover(now=utcnow() + LATER).failed == [film.id]
    assert _film(film.id).video_status == "failed" and _film(film.id).transcode_progress["state"] == "failed"
    assert app_jobs.queue(app, "transcode").count == 0


def test_a_queued_transcode_lost_with_redis_is_queued_again(app, source_clip, run_jobs):
    film = make_film(title="Perdu")
    jobs.attach_source(film, source_clip)
    db.session.commit()
    assert recovery.recover(now=utcnow() + LATER).retried == []  # waiting behind other films is fine
    app_jobs.queue(app, "transcode").empty()  # Redis lost it
    assert recovery.recover(now=utcnow() + LATER).retried == [film.id]
    run_jobs("transcode")
    assert _film(film.id).video_status == "ready"


def test_a_published_film_plays_its_old_renditions_until_its_new_video_is_approved(app, client, transcoded_film,
                                                                                 session_dir, run_jobs):
    old = {r.id: r.path for r in db.session.query(Rendition).filter_by(film_id=transcoded_film.id)}
    new_source = video.make_test_film(os.path.join(session_dir, "director-cut.mp4"), "Director's cut", seconds=2)
    film = _film(transcoded_film.id)
    jobs.attach_source(film, new_source)
    db.session.commit()
    assert _film(film.id).video_status == "ready"

    def old_link_plays():
        page = client.get(f"/films/{film.slug}/regarder")
        assert page.status_code == 200
        link = html.unescape(re.search(r'src="(/v/[^"#]+)"', page.get_data(as_text=True)).group(1))
        assert int(link.split("/")[3]) in old
        return client.get(link, headers={"Range": "bytes=0-99"}, buffered=True).status_code == 206

    assert old_link_plays()
    run_jobs()  # the new video is made, then waits for review: the old one still plays
    film = _film(film.id)
    staged = db.session.query(Rendition).filter_by(film_id=film.id, staged=True).all()
    assert film.new_video_in_review and film.submitted_at is not None and len(staged) == 8
    assert {r.id for r in film.renditions} == set(old) and old_link_plays()
    assert _film(film.id).transcode_progress["state"] == "ready"

    admin = make_user("admin")
    review.decide_film(admin, film, "approve")
    db.session.commit()
    run_jobs()  # the replaced files go
    renditions = db.session.query(Rendition).filter_by(film_id=film.id).all()
    assert len(renditions) == 8 and not {r.id for r in renditions} & set(old) and not any(r.staged for r in renditions)
    assert _film(film.id).duration_s == 2 and not _film(film.id).new_video_in_review
    for path in old.values():
        assert not os.path.exists(os.path.join(app.config["MEDIA_ROOT"], path))
    assert client.get(f"/films/{film.slug}/regarder").status_code == 200


def test_two_videos_in_a_row_end_with_the_second(app, source_clip, session_dir, run_jobs):
    film = make_film(title="Deux fois")
    jobs.attach_source(film, source_clip)
    db.session.commit()
    second = video.make_test_film(os.path.join(session_dir, "second.mp4"), "Second", seconds=2)
    film = _film(film.id)
    jobs.attach_source(film, second)
    db.session.commit()
    run_jobs("transcode")  # the first job finds a newer source and makes that one
    assert _film(film.id).duration_s == 2 and _film(film.id).video_status == "ready"
    assert {r.duration_s < 2.5 for r in db.session.query(Rendition).filter_by(film_id=film.id)} == {True}


def test_flask_watch_recover_says_what_it_did(app, runner, source_clip):
    film = make_film(title="Perdu")
    jobs.attach_source(film, source_clip)
    db.session.commit()
    result = runner.invoke(args=["watch", "recover"])
    assert result.exit_code == 0 and result.output == "0 transcode(s) retried, 0 failed\n", result.output
