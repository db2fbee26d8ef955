"""Karangou served the production way, for tests where several workers matter.

gunicorn with several workers on a database of its own (created, migrated, dropped at the
end), or several such nodes of one site sharing it (`production_site`), Redis, JOBS_INLINE=false, its own RQ queue and limit keys, all through the environment.
Outside the demo it gets the variables of the README's production block, with providers that
are never reached (no job worker runs); `demo=True` adds KARANGOU_DEMO=1 (outboxes, readable SMS).
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager

import httpx
import psycopg
from redis import Redis
from rq import Queue

from tests.conftest import PG_ADMIN, REDIS_URL, _pg_url

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers there
UNREACHED_PROVIDERS = {"SMS_PROVIDER": "africastalking", "AT_USERNAME": "karangou", "AT_API_KEY": "test-key",
                       "AT_BASE_URL": NOWHERE, "PAYGATE_AUTH_TOKEN": "test-token", "PAYGATE_BASE_URL": NOWHERE,
                       "MAIL_PROVIDER": "off"}


class Served:
    def __init__(self, url, env, access_log=None):
        self.url, self.env, self.access_log = url, env, access_log

    def workers_answering(self, since=0):
        """The worker process ids in the access log from byte `since`, and where it ends now."""
        with open(self.access_log) as log:
            log.seek(since)
            lines = log.read().splitlines()
            return {line.split()[0] for line in lines if line.strip()}, log.tell()

    def query(self, sql, *params):
        with psycopg.connect(self.env["DATABASE_URL"]) as conn:
            return conn.execute(sql, params).fetchall()

    def limit_keys(self):
        return list(Redis.from_url(REDIS_URL).scan_iter(f"*{self.env['RATELIMIT_KEY_PREFIX']}*"))

    def reset_limits(self):
        keys = self.limit_keys()
        if keys:
            Redis.from_url(REDIS_URL).delete(*keys)


@contextmanager
def production_app(workers=2, demo=False, **settings):
    """Yields a `Served` app: gunicorn with `workers` workers; `settings` are more variables."""
    with production_site(1, workers, demo, **settings) as (served,):
        yield served


@contextmanager
def production_site(nodes=2, workers=2, demo=False, **settings):
    """Yields `nodes` web nodes (a `Served` each) of one site, as several machines behind one load
    balancer: they share the database (created, migrated, dropped at the end), Redis, the RQ
    queue, the limit keys and SECRET_KEY; each has its own folder (MEDIA_ROOT, INSTANCE_PATH,
    logs) and port. PUBLIC_BASE_URL names the first node, the site's address."""
    name = f"karangou_test_{uuid.uuid4().hex[:10]}"
    folders = [tempfile.mkdtemp(prefix="karangou-gunicorn-") for _ in range(nodes)]
    ports = [_free_port() for _ in range(nodes)]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    shared = {name: value for name, value in os.environ.items()
              if not name.startswith(("RATELIMIT_", "KARANGOU_", "SMS_", "AT_", "PAYGATE_", "MTN_", "PAYDUNYA_"))}
    shared.update({
        "DATABASE_URL": _pg_url(name), "REDIS_URL": REDIS_URL, "SECRET_KEY": uuid.uuid4().hex * 2,
        "JOBS_INLINE": "false", "PAYMENTS_SIMULATOR": "false", "FLASK_APP": "wsgi", "RQ_QUEUE": name,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports[0]}", "RATELIMIT_KEY_PREFIX": name, "LOG_LEVEL": "WARNING",
    })
    shared.update({"KARANGOU_DEMO": "1"} if demo else UNREACHED_PROVIDERS)
    shared.update(settings)
    envs = [{**shared, **node_folders(folder)} for folder in folders]
    try:
        subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=envs[0], check=True,
                       capture_output=True)
        with ExitStack() as stack:
            yield [stack.enter_context(serving(env, folder, workers, port))
                   for env, folder, port in zip(envs, folders, ports)]
    finally:
        Served("", shared).reset_limits()
        Queue(name, connection=Redis.from_url(REDIS_URL)).delete(delete_jobs=True)
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def node_folders(folder):
    """The settings that give a machine of the site its own disk: `folder`'s media and instance."""
    return {"MEDIA_ROOT": os.path.join(folder, "media"), "INSTANCE_PATH": os.path.join(folder, "instance")}


@contextmanager
def serving(env, folder, workers=2, port=None):
    """gunicorn serving the app of `env` on loopback, its logs in `folder`, once every worker answers."""
    port = port or _free_port()
    process = None
    log = open(os.path.join(folder, "gunicorn.log"), "w")
    access_log = os.path.join(folder, "access.log")
    try:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(workers),
                                    "--bind", f"127.0.0.1:{port}", "--access-logfile", access_log,
                                    "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "wsgi:app"],
                                   cwd=ROOT, env=env, stdout=log, stderr=log)
        served = Served(f"http://127.0.0.1:{port}", env, access_log)
        _wait_until_up(served, process, log.name, workers)
        yield served
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
        log.close()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(served, process, log_path, workers, timeout=60):
    """Until every worker has answered a page: each loads the app on its own after the fork."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            pages = [httpx.get(served.url + "/", timeout=5) for _ in range(workers)]
            if all(page.status_code == 200 for page in pages) and len(served.workers_answering()[0]) == workers:
                return
        except (httpx.TransportError, FileNotFoundError):
            pass
        time.sleep(0.3)
    with open(log_path) as log:
        raise RuntimeError(f"gunicorn did not start its {workers} workers:\n{log.read()}")
