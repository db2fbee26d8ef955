"""Bytes served per day, counted in Redis as they leave and copied into the daily report.

Pages (every answer but video: HTML, styles, scripts, posters) are counted by an
`after_request` hook with the length of the body as sent (compressed), videos where the app
already counts each film's bytes (`app.watch.progress.count_bytes_served`, which also covers
ranges sent by nginx). One INCRBY per answer, in a key per day and kind that lives 40 days, so
`flask ops daily-report` can copy a day again; a Redis outage loses those bytes, never a page.
"""
import logging
from redis.exceptions import RedisError

from app import jobs
from app.timeutil import utcnow

log = logging.getLogger(__name__)
KINDS = ("page", "video")
KEEP_SECONDS = 40 * 86400


def _key(app, kind, day):
    return f"{app.config['RQ_QUEUE']}:ops:bytes:{kind}:{day.isoformat()}"


def count(app, kind, size, day=None):
    """Adds `size` bytes of `kind` to today's counter; says nothing when Redis is away."""
    if not size:
        return
    key = _key(app, kind, day or utcnow().date())
    try:
        pipe = jobs.redis_connection(app).pipeline(transaction=False)
        pipe.incrby(key, int(size))
        pipe.expire(key, KEEP_SECONDS)
        pipe.execute()
    except RedisError as error:
        log.warning("bytes of %s not counted: %s", kind, error)


def counted(app, days):
    """{(kind, day): bytes} for the days Redis still holds; a day it never counted is absent."""
    keys = [(kind, day) for day in days for kind in KINDS]
    values = jobs.redis_connection(app).mget([_key(app, kind, day) for kind, day in keys])
    return {key: int(value) for key, value in zip(keys, values) if value is not None}
