"""The readings behind /readyz, the metrics and the alerts: database, Redis, storage, queues.

Each returns plain values and never raises for what it measures: a failure is a reading.
Nothing here names a URL, a host or a password, so answers built from it can be public.
"""
import time
from dataclasses import dataclass, field

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import jobs
from app.extensions import db
from app.ops import storage
from app.timeutil import as_utc, utcnow


@dataclass
class Reading:
    ok: bool
    ms: float | None = None
    error: str | None = None
    extra: dict = field(default_factory=dict)

    def as_json(self):
        answer = {"ok": self.ok}
        if self.ms is not None:
            answer["ms"] = round(self.ms, 1)
        if self.error:
            answer["error"] = self.error
        return {**answer, **self.extra}


def database():
    """One `SELECT 1` round trip on a connection of its own (the request's session is left
    alone), timed from the query, not from taking the connection."""
    try:
        with db.engine.connect() as connection:
            started = time.perf_counter()
            connection.execute(text("SELECT 1"))
            elapsed = time.perf_counter() - started
    except SQLAlchemyError as error:
        return Reading(False, error=type(getattr(error, "orig", None) or error).__name__)
    return Reading(True, ms=elapsed * 1000)


def _redis(app):
    """A connection that gives up within a second: a readiness probe must answer quickly."""
    connection = app.extensions.get("ops_redis")
    if connection is None:
        connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=1)
        app.extensions["ops_redis"] = connection
    return connection


def redis(app):
    started = time.perf_counter()
    try:
        _redis(app).ping()
    except (RedisError, OSError) as error:
        return Reading(False, error=type(error).__name__)
    return Reading(True, ms=(time.perf_counter() - started) * 1000)


def media(app):
    started = time.perf_counter()
    problem = storage.probe(app)
    return Reading(problem is None, ms=(time.perf_counter() - started) * 1000, error=problem)


def queues(app):
    """{queue: (jobs waiting, seconds the oldest has waited)} for every RQ queue; raises RedisError."""
    connection = _redis(app)
    found = {}
    for name in jobs.QUEUES:
        queue = jobs.queue(app, name)
        queue = type(queue)(queue.name, connection=connection)
        depth = queue.count
        age = 0.0
        oldest = queue.get_job_ids(0, 1)
        job = queue.fetch_job(oldest[0]) if oldest else None
        if job is not None and job.enqueued_at is not None:
            age = max(0.0, (utcnow() - as_utc(job.enqueued_at)).total_seconds())
        found[name] = (depth, age)
    return found


def readiness(app):
    """(ready, answer): ready when the database, Redis and the media storage all work. Queue
    depths are told, not judged: a backlog is the workers' matter, this node still serves."""
    checks = {"database": database(), "redis": redis(app), "storage": media(app)}
    answer = {name: reading.as_json() for name, reading in checks.items()}
    if checks["redis"].ok:
        try:
            answer["queues"] = {name: {"depth": depth, "oldest_s": round(age)}
                                for name, (depth, age) in queues(app).items()}
        except RedisError as error:
            answer["queues"] = {"ok": False, "error": type(error).__name__}
    ready = all(reading.ok for reading in checks.values())
    return ready, {"ready": ready, **answer}
