"""Background jobs: RQ in production and tests, a thread of the web process by default.

Jobs are plain functions that take ids, re-read state and stop if there is nothing left
to do, because RQ may run a job twice. They are enqueued with `enqueue_after_commit`, so
a worker never looks for rows that a rolled-back transaction never wrote.
"""
import logging
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from redis import Redis
from rq import Queue, Retry, SimpleWorker
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, RQScheduler
from rq.scripts import release_lock
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

log = logging.getLogger(__name__)
_IMPORTED_IN_PID = os.getpid()
DEFAULT, TRANSCODE = "default", "transcode"
QUEUES = (DEFAULT, TRANSCODE)
# In the demo, jobs run in threads of the web process; transcodes get a thread of their own,
# so a film being encoded never holds back a payment prompt or an SMS.
_inline_pools = {DEFAULT: ThreadPoolExecutor(max_workers=2, thread_name_prefix="karangou-job"),
                 TRANSCODE: ThreadPoolExecutor(max_workers=1, thread_name_prefix="karangou-transcode")}


def redis_connection(app=None, setting="REDIS_QUEUE_URL"):
    """The queue's Redis (jobs, and what must survive a restart); `setting` names another
    (CACHE_REDIS_URL: the page cache). One client per setting and app, shared by its threads."""
    app = app or current_app
    key = f"redis:{setting}"
    connection = app.extensions.get(key)
    if connection is None:
        # setdefault: of two threads making the first client at once, both use the one kept; a
        # client replaced while another thread reads from it would be closed under that thread.
        connection = app.extensions.setdefault(key, Redis.from_url(app.config[setting], socket_connect_timeout=2,
                                                                   socket_timeout=5))
    return connection


def queue(app=None, name=DEFAULT):
    """The RQ queue `name` ("default" or "transcode") of this app: RQ_QUEUE, or RQ_QUEUE-transcode."""
    app = app or current_app
    if name not in QUEUES:
        raise ValueError(f"no queue {name!r}")
    prefix = app.config["RQ_QUEUE"]
    return Queue(prefix if name == DEFAULT else f"{prefix}-{name}", connection=redis_connection(app))


def enqueue_after_commit(func, *args, delay=None, retries=0, on=DEFAULT, timeout=None, job_id=None):
    """Runs `func(*args)` once the current transaction commits; nothing if it rolls back.

    `on` names the queue, `timeout` (seconds) how long RQ lets the job run (RQ's default is
    180 s), `job_id` a name that lets a check find the job again."""
    pending = db.session.info.setdefault("jobs_after_commit", [])
    pending.append((func, args, {"delay": delay, "retries": retries, "on": on, "timeout": timeout, "job_id": job_id}))


def enqueue_now(func, *args, delay=None, retries=0, on=DEFAULT, timeout=None, job_id=None):
    """Sends a job at once, for callers outside a transaction (CLI sweeps, other jobs)."""
    app = current_app._get_current_object()
    if app.config["JOBS_INLINE"]:
        _run_inline(app, func, args, delay, on)
        return None
    retry = Retry(max=retries, interval=[10, 60, 300][:retries] or None) if retries else None
    target = f"{func.__module__}.{func.__name__}"
    options = {"retry": retry, "job_timeout": timeout, "job_id": job_id}
    if delay:
        return queue(app, on).enqueue_in(timedelta(seconds=delay), run_job, target, *args, **options)
    return queue(app, on).enqueue(run_job, target, *args, **options)


def run_job(target, *args):
    """Entry point of every job: finds the function and runs it in an app context."""
    module_name, _, name = target.rpartition(".")
    module = __import__(module_name, fromlist=[name])
    func = getattr(module, name)
    app = _job_app()
    with app.app_context():
        if os.getpid() != _IMPORTED_IN_PID:
            db.engine.dispose(close=False)  # a forked work horse must not share the parent's sockets
        try:
            return func(*args)
        finally:
            db.session.remove()


def _job_app():
    try:
        return current_app._get_current_object()
    except RuntimeError:
        from app import create_app

        return create_app()


def _run_inline(app, func, args, delay, on=DEFAULT):
    def work():
        with app.app_context():
            try:
                func(*args)
            except Exception:
                log.exception("job %s failed", func.__name__)
            finally:
                db.session.remove()

    if delay:
        timer = threading.Timer(delay, lambda: _inline_pools[on].submit(work))
        timer.daemon = True
        timer.start()
    else:
        _inline_pools[on].submit(work)


@event.listens_for(Session, "after_commit")
def _send_pending_jobs(session):
    for func, args, options in session.info.pop("jobs_after_commit", []):
        try:
            enqueue_now(func, *args, **options)
        except Exception:  # Redis down: the row is committed and the sweep will pick it up
            log.warning("could not enqueue %s%r; left for the sweep", func.__name__, args, exc_info=True)


@event.listens_for(Session, "after_rollback")
def _drop_pending_jobs(session):
    session.info.pop("jobs_after_commit", None)


def repeat_every(seconds, work):
    """Runs `work()` once, or for ever every `seconds`: a scheduler for machines without cron."""
    while True:
        work()
        if not seconds:
            return
        db.session.remove()  # the next round reads the database afresh
        time.sleep(seconds)


class Worker(SimpleWorker):
    """An RQ worker that runs every job in its own process (no fork), with the app it was started with.

    The app (templates, compressed static files, settings) is built once per worker and its
    database and HTTP connections are kept from one job to the next: a forked work horse per
    job cost a fork and a new PostgreSQL connection, about 45 ms each, most of a payment job.
    RQ's job timeout still applies (SIGALRM in this process).

    After `kill -9` the dead worker's scheduler lock stays in Redis for a minute, and RQ only
    tries it again every ten minutes: delayed jobs (payment polls) would wait for the sweep.
    A lock whose owner is gone is taken over at start, and tried again every
    SCHEDULER_RETRY_SECONDS.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("maintenance_interval", SCHEDULER_RETRY_SECONDS)
        super().__init__(*args, **kwargs)

    def _start_scheduler(self, *args, **kwargs):
        release_dead_scheduler_locks(self.connection, self.queue_names())
        super()._start_scheduler(*args, **kwargs)

    def run_maintenance_tasks(self):
        if self.scheduler and not (self.scheduler._process and self.scheduler._process.is_alive()):
            release_dead_scheduler_locks(self.connection, self.queue_names())
        super().run_maintenance_tasks()


SCHEDULER_RETRY_SECONDS = 30
FRESH_LOCK_TTL = 61  # what every heartbeat of RQ's scheduler sets: its interval (1 s) + 60
SCHEDULER_SILENT_SECONDS = 10


def release_dead_scheduler_locks(connection, queue_names):
    """Frees each queue's scheduler lock held by a dead scheduler: its process is gone from this
    machine, or it has not refreshed the lock for SCHEDULER_SILENT_SECONDS. Returns the queues freed."""
    released = []
    for name in queue_names:
        key = RQScheduler.get_locking_key(name)
        owner = connection.get(key)
        if owner is None:
            continue
        owner = owner.decode()
        if _scheduler_is_dead(connection, key, owner) and release_lock(connection, key, owner):
            log.warning("queue %s: took over the scheduler lock of dead scheduler %s", name, owner)
            released.append(name)
    return released


def _scheduler_is_dead(connection, key, owner):
    if 0 <= connection.ttl(key) < FRESH_LOCK_TTL - SCHEDULER_SILENT_SECONDS:
        return True
    hostname, pid = (value.decode() if value else None
                     for value in connection.hmget(SCHEDULER_KEY_TEMPLATE % owner, ["hostname", "pid"]))
    return hostname == socket.gethostname() and bool(pid) and not _process_alive(int(pid))


def _process_alive(pid):
    """True for a running process; a zombie (dead, not yet reaped) counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--queue", "names", type=click.Choice(QUEUES), multiple=True, default=(DEFAULT,), show_default=True,
              help="Which queue to work on; transcodes have their own (`--queue transcode`).")
def worker_command(burst, names):
    """Runs an RQ worker (with its scheduler, for delayed jobs) on this app's queue(s)."""
    app = current_app._get_current_object()
    Worker([queue(app, name) for name in names], connection=redis_connection(app)).work(burst=burst,
                                                                                       with_scheduler=True)
