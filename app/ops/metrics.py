"""Prometheus metrics (prometheus-client): what each process counts, and what is read at scrape.

Counted by the process that saw it — requests by endpoint and status with their latency,
page-cache hits and misses. With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (an
empty folder, the same for every worker, emptied before gunicorn starts): each worker writes
its counts there and any worker answering /metrics adds them all up.

Read at scrape time from PostgreSQL and Redis, so they are right whichever worker answers
and whichever process did the work: queue depths and the age of each queue's oldest job,
payments by state and the time from a payment's creation to its prompt, transcodes in
progress, video bytes served (films.bytes_served, which the watch views keep).
"""
import os
import statistics
import time
from datetime import timedelta

from flask import g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.catalog.models import Film
from app.extensions import db
from app.ops import health
from app.payments.models import Payment, PaymentEvent
from app.timeutil import as_utc, utcnow

# Not counted in the request metrics: probes and scrapes would drown the visitors.
QUIET_ENDPOINTS = {"ops.healthz", "ops.readyz", "ops.metrics"}
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
PROMPT_WINDOW = timedelta(hours=1)

REQUESTS = Counter("karangou_http_requests", "Answers, by endpoint (not path), method and status.",
                   ["endpoint", "method", "status"], registry=None)
LATENCY = Histogram("karangou_http_request_duration_seconds", "Time to answer, by endpoint.",
                    ["endpoint"], buckets=LATENCY_BUCKETS, registry=None)
PAGE_CACHE = Counter("karangou_page_cache_requests", "Anonymous catalogue pages asked of the page cache: "
                     "hit (served from Redis) or miss (rendered).", ["result"], registry=None)
PROCESS_METRICS = (REQUESTS, LATENCY, PAGE_CACHE)


def init_app(app):
    app.before_request(_start_clock)


def _start_clock():
    g.ops_started = time.perf_counter()


def observe(response):
    """after_request: counts the answer under its endpoint name (unmatched paths are "none")."""
    endpoint = request.url_rule.endpoint if request.url_rule is not None else "none"
    if endpoint in QUIET_ENDPOINTS:
        return response
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    started = g.get("ops_started")
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response


def page_cache(hit):
    PAGE_CACHE.labels("hit" if hit else "miss").inc()


def exposition(app):
    """The text a Prometheus server scrapes: every process's counts plus the scrape-time gauges."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for metric in PROCESS_METRICS:
            registry.register(metric)
    registry.register(_ScrapeTime(app))
    return generate_latest(registry)


class _ScrapeTime:
    """Gauges read from the database and Redis when Prometheus asks."""

    def __init__(self, app):
        self.app = app

    def collect(self):
        failed = GaugeMetricFamily("karangou_scrape_failed", "1 when this part could not be read.", labels=["part"])
        for part, reader in (("queues", self._queues), ("payments", self._payments), ("media", self._media)):
            try:
                yield from reader()
                failed.add_metric([part], 0)
            except (RedisError, SQLAlchemyError, OSError):
                db.session.rollback()
                failed.add_metric([part], 1)
        yield failed

    def _queues(self):
        depth = GaugeMetricFamily("karangou_queue_jobs", "Jobs waiting on each RQ queue.", labels=["queue"])
        age = GaugeMetricFamily("karangou_queue_oldest_job_age_seconds",
                                "How long the oldest waiting job of each queue has waited.", labels=["queue"])
        for name, (count, oldest) in health.queues(self.app).items():
            depth.add_metric([name], count)
            age.add_metric([name], oldest)
        yield depth
        yield age

    def _payments(self):
        states = GaugeMetricFamily("karangou_payments", "Payments by state.", labels=["status"])
        for status, count in db.session.execute(select(Payment.status, func.count()).group_by(Payment.status)):
            states.add_metric([status], count)
        yield states
        waits = prompt_seconds(utcnow() - PROMPT_WINDOW)
        prompt = GaugeMetricFamily("karangou_payment_prompt_seconds",
                                   "Seconds from a payment's creation to its prompt on the payer's phone, "
                                   "over the payments prompted in the last hour.", labels=["quantile"])
        prompted = GaugeMetricFamily("karangou_payment_prompts_last_hour", "Payments prompted in the last hour.")
        prompted.add_metric([], len(waits))
        if waits:
            prompt.add_metric(["0.5"], statistics.median(waits))
            prompt.add_metric(["0.95"], _quantile(waits, 0.95))
            prompt.add_metric(["1"], max(waits))
        yield prompt
        yield prompted
        db.session.rollback()

    def _media(self):
        state = Film.transcode_progress["state"].as_string()
        transcodes = GaugeMetricFamily("karangou_transcodes", "Transcodes queued or encoding.", labels=["state"])
        counts = dict(db.session.execute(select(state, func.count()).where(state.in_(("queued", "encoding")))
                                         .group_by(state)).all())
        for name in ("queued", "encoding"):
            transcodes.add_metric([name], counts.get(name, 0))
        yield transcodes
        served = CounterMetricFamily("karangou_video_bytes_served", "Video bytes sent to viewers (ranges too).")
        served.add_metric([], db.session.scalar(select(func.coalesce(func.sum(Film.bytes_served), 0))))
        yield served
        db.session.rollback()


def prompt_seconds(since):
    """Seconds from creation to the move to awaiting_payer, for payments prompted since `since`."""
    rows = db.session.execute(
        select(Payment.created_at, PaymentEvent.created_at)
        .join(PaymentEvent, PaymentEvent.payment_id == Payment.id)
        .where(PaymentEvent.kind == "transition", PaymentEvent.status_to == "awaiting_payer",
               PaymentEvent.created_at >= since)).all()
    return [max(0.0, (as_utc(prompted) - as_utc(created)).total_seconds()) for created, prompted in rows]


def _quantile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
