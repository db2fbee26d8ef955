"""Jobs leave only after the commit, run in a real RQ worker, and not at all on rollback."""
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
