"""The real film the production way, made while the rest of the run goes on.

Two minutes of Big Buck Bunny are sent from the studio to gunicorn in 256 KB tus chunks and
transcoded by a real `flask jobs worker --queue transcode` on PostgreSQL. That takes several
minutes of both cores, so it starts as soon as the run knows it will play the film, with the
worker (and its ffmpeg) in the idle scheduling class: it uses what the other tests leave idle and
never slows them. tests/watch/test_real_film.py waits for it, at the end of the run.
"""
import os
import subprocess
import sys
import threading
from contextlib import ExitStack, contextmanager

import psycopg
import pytest

from app.demo import real_film as film_cache
from bench.filmmaker import Filmmaker, follow_transcode
from tests.gunicorn import ROOT, production_app

PHONE, PASSWORD = "+22890000001", "lapin-des-bois-2008"
SECONDS = 120
PLAYERS = "tests/watch/test_real_film.py"
REAL_FILM = pytest.StashKey["RealFilm"]()


def pytest_collection_modifyitems(items):
    """The real film's players go last, when its transcode has had the whole run to finish."""
    items.sort(key=lambda item: item.nodeid.startswith(PLAYERS))


def pytest_collection_finish(session):
    if not session.config.option.collectonly and any(item.nodeid.startswith(PLAYERS) for item in session.items):
        session.config.stash[REAL_FILM] = RealFilm()
        session.config.stash[REAL_FILM].start()


def pytest_sessionfinish(session):
    if REAL_FILM in session.config.stash:
        session.config.stash[REAL_FILM].close()


def _idle_only():
    """The worker and its ffmpeg run only on what the other tests leave of the CPU (SCHED_IDLE)."""
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


@contextmanager
def _processes_started_idle():
    """Processes started by this thread inside the block (gunicorn, the database upgrade, the
    admin command) inherit its idle scheduling class; the thread itself is normal again after."""
    _idle_only()
    try:
        yield
    finally:
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))


class RealFilm:
    """Started once per run; `ready()` gives (served, slug, {(codec, height): bytes per second})."""

    def __init__(self):
        self._stack = ExitStack()
        self._thread = threading.Thread(target=self._make, name="real-film", daemon=True)
        self._outcome = None
        self._error = None

    def start(self):
        self._thread.start()

    def ready(self, timeout=1800):
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise AssertionError(f"the real film was not transcoded after {timeout} s")
        if self._error is not None:
            raise self._error
        return self._outcome

    def close(self):
        self._thread.join(60)
        self._stack.close()

    def _make(self):
        try:
            self._outcome = self._send_and_transcode()
        except BaseException as error:  # given to the test that waits for the film
            self._error = error

    def _send_and_transcode(self):
        path = film_cache.cut(SECONDS, os.path.dirname(film_cache.fetch()))
        with _processes_started_idle():
            served = self._stack.enter_context(production_app(workers=2, demo=True))
            done = subprocess.run([sys.executable, "-m", "flask", "accounts", "create-admin", PHONE, "--password",
                                   PASSWORD], cwd=ROOT, env=served.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--queue", "transcode"],
                                  cwd=ROOT, env=served.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  preexec_fn=_idle_only)
        try:
            maker = Filmmaker(served.url, PHONE, PASSWORD)
            maker.sign_in()
            film_id = maker.create_film(film_cache.TITLE)
            maker.upload(film_id, path)
            maker.close()
            follow_transcode(served.env["DATABASE_URL"], film_id, timeout=1800, every=2.0)
        finally:
            worker.terminate()
            worker.wait(60)
        with psycopg.connect(served.env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("UPDATE films SET status = 'published', published_at = now() WHERE id = %s", (film_id,))
            slug, duration = conn.execute("SELECT slug, duration_s FROM films WHERE id = %s", (film_id,)).fetchone()
            rows = conn.execute("SELECT codec, height, size_bytes, duration_s FROM renditions WHERE film_id = %s",
                                (film_id,)).fetchall()
        assert duration == SECONDS, duration
        return served, slug, {(codec, height): size / seconds for codec, height, size, seconds in rows}
