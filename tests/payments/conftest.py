"""The provider simulator as its own process, our app over real HTTP, and helpers to drive both.

Payer behaviour is chosen by the last two digits of the phone number (app/simulator):
01 approve, 02 decline, 03 never answer, 04 slow, 05 callback twice, 06 callback lost,
07 bad hash, 08 server error.
"""
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx
import pytest
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.payments.models import Payment
from app.simulator import client_settings
from tests.factories import make_project
from tests.simulator import ROOT, free_port, wait_until  # noqa: F401  (the tests import them from here)

def provider_settings(simulator_url, public_url):
    settings = {key: value for key, value in client_settings(simulator_url).items() if not key.startswith("AT_")}
    return {**settings, "PAYMENTS_SIMULATOR": False, "PUBLIC_BASE_URL": public_url, "PROVIDER_TIMEOUT": "10",
            "PAYMENT_POLL_DELAYS": "1,1,2"}


@pytest.fixture
def payments_app(app, simulator, live_server):
    """The session app pointed at the simulator; the settings are put back afterwards."""
    settings = provider_settings(simulator.url, live_server.url)
    saved = {name: app.config.get(name) for name in settings}
    saved.update({n: app.config[n] for n in ("PAYMENT_LIMIT_PER_IP", "PAYMENT_LIMIT_PER_PHONE",
                                             "PAYMENT_EXPIRY_SECONDS", *REDIS_SETTINGS)})
    app.config.update(settings)
    httpx.post(f"{simulator.url}/control/reset", timeout=10)  # the provider's books start empty, as ours
    yield app
    app.config.update(saved)
    forget_redis_clients(app)


REDIS_SETTINGS = ("REDIS_URL", "REDIS_QUEUE_URL", "CACHE_REDIS_URL")


def forget_redis_clients(app):
    for key in [k for k in app.extensions if k == "redis" or k.startswith("redis:")]:
        app.extensions.pop(key)


def point_redis(app, url):
    """Every Redis use of the app (queue, page cache) at `url`, its clients made again."""
    app.config.update({name: url for name in REDIS_SETTINGS})
    forget_redis_clients(app)


@pytest.fixture
def project(payments_app):
    found = make_project(code="FILM1", goal=500_000)
    db.session.commit()
    return found


def form_fields(client_or_http, code):
    page = client_or_http.get(f"/projets/{code}/contribuer").text
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "key": re.search(r'name="key" value="([^"]+)"', page).group(1)}


def pay(client, code, amount, phone="", pay_by="mobile", fields=None, **extra):
    fields = fields or form_fields(client, code)
    data = {**fields, "amount": str(amount), "phone": phone, "pay_by": pay_by, "operator": "auto", **extra}
    return client.post(f"/projets/{code}/contribuer", data=data)


def payment_for(response):
    code = response.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    db.session.expire_all()
    return db.session.scalars(select(Payment).where(Payment.short_code == code)).one()


def fast_forward(app):
    """Moves every scheduled job (the poll backoff) to the queue now, as if its time had come."""
    queue = jobs.queue(app)
    registry = ScheduledJobRegistry(queue=queue)
    moved = 0
    for job_id in registry.get_job_ids():
        job = queue.fetch_job(job_id)
        registry.remove(job_id)
        if job is not None:
            queue.enqueue_job(job)
            moved += 1
    return moved


@pytest.fixture
def drain(payments_app, run_jobs):
    """Runs the worker, fast-forwarding the poll backoff, until `done()` or nothing is left."""

    def run(done=lambda: False, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run_jobs()
            db.session.expire_all()
            if done():
                return True
            if not fast_forward(payments_app) and jobs.queue(payments_app).count == 0:
                time.sleep(0.1)  # a callback may still be on its way
        return done()

    return run


def refreshed(payment):
    db.session.expire_all()
    return db.session.get(Payment, payment.id)


def worker_env(app, redis_url=None):
    env = dict(os.environ)
    env.update({name: str(value) for name, value in app.config.items()
                if name.startswith(("PAYGATE_", "MTN_MOMO_", "PAYDUNYA_", "PAYMENT_", "PROVIDER_"))})
    env.update({
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": redis_url or app.config["REDIS_URL"],
        "RQ_QUEUE": app.config["RQ_QUEUE"],
        "PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"],
        "KARANGOU_DEMO": "1",  # as the test app: SMS go to the outbox the tests read
        "PAYMENTS_SIMULATOR": "false",
        "JOBS_INLINE": "false",
        "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": os.path.join(app.instance_path, "worker"),
        "FLASK_APP": "wsgi",
        "LOG_LEVEL": "WARNING",
    })
    return env


SIMPLE_WORKER = (
    "from rq import SimpleWorker; from app import create_app, jobs; app = create_app(); app.app_context().push(); "
    "SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app)).work(with_scheduler=True)"
)


@contextmanager
def workers(app, count=1, burst=False, redis_url=None, start_new_session=False, forking=True):
    """Real RQ worker processes on this test's queue, with the RQ scheduler: `flask jobs worker` (one
    forked work horse per job, as in production) or, for many tiny jobs, a non-forking SimpleWorker."""
    if forking:
        command = [os.path.join(os.path.dirname(sys.executable), "flask"), "jobs", "worker"]
        command += ["--burst"] if burst else []
    else:
        command = [sys.executable, "-c", SIMPLE_WORKER]
    processes = [subprocess.Popen(command, cwd=ROOT, env=worker_env(app, redis_url), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=start_new_session)
                 for _ in range(count)]
    try:
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
