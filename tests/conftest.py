"""Fixtures shared by every test: a real PostgreSQL database, Redis, the app and a browser.

Each test session gets its own PostgreSQL database and RQ queue name, so several
sessions can run side by side on one machine; tables are emptied after every test.
"""
import functools
import os
import shutil
import tempfile
import time
import uuid
from contextlib import contextmanager

import psycopg
import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app import create_app, storage
from app.catalog.freshness import catalogue_changed
from app.extensions import db, limiter
from app.media import video
from app.media.video import make_test_film
from app.watch import transcode
from app.watch.models import Rendition
from tests.factories import make_film, make_user
from tests.wire import head_bytes

# SeaweedFS, and the fixture that runs a test on both backends; the real film, made beside the run
pytest_plugins = ["tests.storage", "tests.real_film_run"]


def pytest_terminal_summary(terminalreporter):
    """How much hostile input the fuzz test sent, when it ran."""
    import sys

    fuzz = sys.modules.get("tests.core.test_fuzz")
    if fuzz is not None and fuzz.SENT["requests"]:
        terminalreporter.write_line(f"fuzz: {fuzz.SENT['requests']} requests sent, "
                                    f"{sum(f[0] == '5' for f in fuzz.FAILURES)} answered 5xx")


PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Limits of this session only: limiter.reset() between tests empties these keys and no others.
LIMITS_PREFIX = f"karangou-test-limits-{uuid.uuid4().hex[:10]}"


def _pg_url(name):
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base}/{name}"


@contextmanager
def new_database(prefix):
    """An empty PostgreSQL database of its own, dropped afterwards; yields its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(name)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_database():
    with new_database("karangou_test") as url:
        yield url


@pytest.fixture
def production_config(pg_database, tmp_path):
    """Settings the production way (no demo) that start an app in this process, providers unreached."""
    return {"DEMO": False, "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": pg_database, "REDIS_URL": REDIS_URL,
            "MEDIA_ROOT": str(tmp_path / "media"), "PUBLIC_BASE_URL": "https://karangou.example",
            "SMS_PROVIDER": "africastalking", "AT_USERNAME": "karangou", "AT_API_KEY": "key",
            "MAIL_PROVIDER": "off", "PAYGATE_AUTH_TOKEN": "token", "INSTANCE_PATH": str(tmp_path / "instance")}


@pytest.fixture(scope="session")
def session_dir():
    path = tempfile.mkdtemp(prefix="karangou-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def make_test_app(database_url, folder, **extra):
    config = {
        "TESTING": True,
        "DEMO": True,  # the outboxes the tests read; test_production.py starts the app without it
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": os.path.join(folder, "instance"),
        "MEDIA_ROOT": os.path.join(folder, "media"),
        "REDIS_URL": REDIS_URL,
        "RQ_QUEUE": f"karangou-test-{uuid.uuid4().hex[:8]}",
        "JOBS_INLINE": False,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": LIMITS_PREFIX},
    }
    config.update(extra)
    return create_app(config)


@pytest.fixture(scope="session")
def app(pg_database, session_dir):
    app = make_test_app(pg_database, session_dir)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _app_context_and_cleanup(request):
    """Every test runs in an app context and leaves empty tables behind."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    started = time.monotonic()
    with app.app_context():
        yield
        db.session.remove()
        if "live_server" in request.fixturenames:
            # A closing tab may still send a beacon; let the server answer it first.
            request.getfixturevalue("live_server").wait_until_idle(since=started)
        _empty_tables()
        catalogue_changed()  # pages cached from the emptied tables must not be served again
        _empty_queue(app)
        limiter.reset()  # limits counted in one test must not refuse the next one


def _empty_queue(app):
    """Jobs a test queued but never ran must not run in the next test, against new rows."""
    from app import jobs

    for name in jobs.QUEUES:
        queue = jobs.queue(app, name)
        queue.empty()
        for registry in (queue.scheduled_job_registry, queue.failed_job_registry):
            for job_id in registry.get_job_ids():
                registry.remove(job_id, delete_job=True)


def _empty_tables():
    tables = [t.name for t in db.metadata.sorted_tables]
    if db.engine.dialect.name == "postgresql":
        _truncate(tables)
    else:
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


def _truncate(tables, attempts=5):
    """TRUNCATE takes every table's lock in turn, so a request still running in the
    live server can make PostgreSQL pick it as a deadlock victim; it is rolled back
    whole, and trying again once that request has finished empties the tables."""
    for attempt in range(attempts):
        try:
            with db.engine.begin() as conn:
                conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            return
        except OperationalError as error:
            if attempt == attempts - 1 or not isinstance(error.orig, psycopg.errors.DeadlockDetected):
                raise
            time.sleep(0.2 * (attempt + 1))


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, `g` and session, as it would in production,
    even though the test itself holds an app context for its factories."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sqlite_app(tmp_path):
    """The embedded default: SQLite in the instance folder, migrated from empty."""
    app = make_test_app(None, str(tmp_path))
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


class QueryCounter:
    def __init__(self):
        self.statements = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self):
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter:` counts the SQL statements sent meanwhile."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = QueryCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)

    return counting


@pytest.fixture
def run_jobs(app):
    """Runs every queued job in a real RQ worker (burst mode), in this process: `run_jobs()` works on
    both queues, `run_jobs("default")` on that one only."""
    from rq import SimpleWorker

    from app import jobs

    def run(*names):
        queues = [jobs.queue(app, name) for name in names or jobs.QUEUES]
        worker = SimpleWorker(queues, connection=jobs.redis_connection(app))
        worker.work(burst=True, with_scheduler=False)
        return worker

    yield run
    for name in jobs.QUEUES:
        jobs.queue(app, name).empty()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class _PatientHandler(WSGIRequestHandler):
    """A connection the browser left half-sent is given up after a while, never waited on
    for the rest of the session."""

    timeout = 30


class _CountingRequests:
    """Knows how many requests the live server is still answering."""

    def __init__(self, app):
        import threading

        self.app = app
        self.running = {}  # request -> when it began
        self.lock = threading.Condition()
        self.sent = None  # a list while recording()

    def __call__(self, environ, start_response):
        from werkzeug.wsgi import ClosingIterator

        key = object()
        with self.lock:
            self.running[key] = time.monotonic()
        finished = functools.partial(self._finished, key)
        try:
            if self.sent is None:
                return ClosingIterator(self.app(environ, start_response), [finished])
            answer = _SentBytes(environ.get("PATH_INFO", ""), self.sent)
            body = self.app(environ, answer.wrap(start_response))
            return ClosingIterator(answer.count(body), [getattr(body, "close", lambda: None), finished])
        except BaseException:
            finished()
            raise

    @contextmanager
    def recording(self):
        """`with live_server.recording() as sent:` lists (path, bytes on the wire) of every answer."""
        self.sent = []
        try:
            yield self.sent
        finally:
            self.sent = None

    def _finished(self, key):
        with self.lock:
            self.running.pop(key, None)
            self.lock.notify_all()

    def wait_until_idle(self, since=0.0, timeout=5.0):
        """Waits for the requests begun after `since` (a test's start) to be answered."""
        with self.lock:
            self.lock.wait_for(lambda: all(began < since for began in self.running.values()), timeout=timeout)


class _SentBytes:
    """Status line, headers and body of one answer, as they leave the server (compressed)."""

    def __init__(self, path, sent):
        self.path, self.sent, self.size = path, sent, 0

    def wrap(self, start_response):
        def counting_start_response(status, headers, exc_info=None):
            self.size += head_bytes(status, headers)
            return start_response(status, headers, exc_info)
        return counting_start_response

    def count(self, body):
        for chunk in body:
            self.size += len(chunk)
            yield chunk
        self.sent.append((self.path, self.size))


@pytest.fixture
def admin(app):
    user = make_user("admin", display_name="Awa (admin)")
    db.session.commit()
    return user


@pytest.fixture
def filmmaker(app):
    user = make_user("filmmaker", display_name="Afi")
    db.session.commit()
    return user


@pytest.fixture
def other_filmmaker(app):
    user = make_user("filmmaker", display_name="Kossi")
    db.session.commit()
    return user


@pytest.fixture(scope="session")
def live_server(app):
    """The test app served over real HTTP on loopback, for the browser."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, _CountingRequests(app), threaded=True, request_handler=_PatientHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.wait_until_idle = server.app.wait_until_idle
    server.recording = server.app.recording
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; its own downloads cannot run here."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh phone-sized tab; console errors (CSP violations included) are collected."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


@pytest.fixture(scope="session")
def simulator(live_server):
    """The payment and SMS providers' simulator, its own process on loopback."""
    from tests.simulator import running_simulator

    with running_simulator(f"{live_server.url}/paiements/rappel/paygate") as running:
        yield running


# --- films with video, shared by the watch and offline tests --------------------------

@pytest.fixture(scope="session")
def source_clip(session_dir):
    """A 3-second 480p film with sound, made once for the session."""
    path = os.path.join(session_dir, "clip.mp4")
    make_test_film(path, "Essai", seconds=3)
    return path


@pytest.fixture(scope="session")
def ladder_files(session_dir, source_clip):
    """The ladder encoded once for the session, for tests about playing rather than encoding."""
    made = {}
    for rung in transcode.LADDER:
        path = os.path.join(session_dir, f"ladder-{rung.key}.mp4")
        video.encode(source_clip, path, rung)
        made[rung] = (path, float(video.probe(path)["format"]["duration"]))
    return made


@pytest.fixture(scope="session")
def real_film():
    """Big Buck Bunny, fetched once by scripts/fetch-film (here if it has not run)."""
    from app.demo import real_film

    return real_film.fetch()


@pytest.fixture
def playable_film(app, ladder_files):
    film = make_film(title="Harmattan", poster_key=None, video_status="ready", duration_s=3)
    for rung, (path, duration) in ladder_files.items():
        relative = f"renditions/{film.id}/{rung.key}.mp4"
        storage.store().put_file(relative, path)
        db.session.add(Rendition(film_id=film.id, height=rung.height, width=rung.width, video_kbps=rung.video_kbps,
                                 audio_kbps=rung.audio_kbps, codec=rung.codec, fragmented=True,
                                 size_bytes=os.path.getsize(path), duration_s=duration, path=relative))
    db.session.commit()
    return film
