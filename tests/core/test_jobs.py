"""Jobs leave only after the commit, run in a real RQ worker, and not at all on rollback."""
import os
from sqlalchemy import select

from app import jobs
from app.catalog.models import Film
from app.extensions import db
from tests.factories import make_film


def mark_featured(film_id):
    film = db.session.get(Film, film_id)
    if film is None or film.is_featured:
        return
    film.is_featured = True
    db.session.commit()


def test_job_is_queued_only_after_commit_and_runs_in_a_worker(app, run_jobs):
    film = make_film()
    jobs.enqueue_after_commit(mark_featured, film.id)
    assert jobs.queue().count == 0
    db.session.commit()
    assert jobs.queue().count == 1
    run_jobs()
    db.session.expire_all()
    assert db.session.scalar(select(Film.is_featured).where(Film.id == film.id)) is True


def test_rolled_back_transaction_sends_no_job(app):
    film = make_film()
    jobs.enqueue_after_commit(mark_featured, film.id)
    db.session.rollback()
    db.session.commit()
    assert jobs.queue().count == 0


def where_am_i():
    from flask import current_app

    return os.getpid(), id(current_app._get_current_object())


def test_worker_runs_every_job_with_the_app_it_built_once(app):
    """No fork, no new app nor database connection per job: both jobs run in the worker itself."""
    from tests.payments.conftest import wait_until, workers

    with workers(app) as (worker,):
        queued = [jobs.queue(app).enqueue(jobs.run_job, f"{__name__}.where_am_i") for _ in range(2)]
        answers = wait_until(lambda: all(job.return_value() for job in queued)
                             and [job.return_value() for job in queued], timeout=30, message="both jobs")
    assert answers[0] == answers[1] and answers[0][0] == worker.pid


def _scheduler_owner(app):
    from rq.scheduler import RQScheduler

    return jobs.redis_connection(app).get(RQScheduler.get_locking_key(app.config["RQ_QUEUE"]))


def _scheduler_running(app):
    """The lock is taken, then the scheduler process starts and registers its pid."""
    from rq.scheduler import SCHEDULER_KEY_TEMPLATE

    owner = _scheduler_owner(app)
    return owner and jobs.redis_connection(app).hget(SCHEDULER_KEY_TEMPLATE % owner.decode(), "pid")


def test_worker_restarted_after_kill_9_runs_delayed_jobs_at_once(app):
    """The killed worker's scheduler lock lives a minute more in Redis; the new worker takes it over
    instead of leaving delayed jobs (payment polls) for the sweep."""
    import signal
    from datetime import timedelta

    from tests.payments.conftest import wait_until, workers

    film = make_film()
    db.session.commit()
    with workers(app, start_new_session=True) as (worker,):
        wait_until(lambda: _scheduler_running(app), timeout=30, message="the first worker's scheduler")
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its scheduler, without a chance to clean up
        worker.wait()
    dead_owner = _scheduler_owner(app)
    assert dead_owner is not None  # its lock outlives it (RQ: 61 s)
    with workers(app):
        jobs.queue(app).enqueue_in(timedelta(seconds=1), jobs.run_job, f"{__name__}.mark_featured", film.id)

        def featured():
            db.session.expire_all()
            return db.session.get(Film, film.id).is_featured

        wait_until(featured, timeout=25, interval=0.2, message="the delayed job (well before the dead lock expires)")
        assert _scheduler_owner(app) not in (None, dead_owner)
