"""Who is around a conversation now: members and visitors seen on it in the last two minutes.

One sorted set per conversation in the cache's Redis (score: when last seen), trimmed and
counted in the same round trip as the visitor's mark; it expires by itself when nobody comes.
A Redis that cannot be reached counts nobody rather than failing the page.
"""
import hashlib
import logging
import time

from flask import current_app, request
from flask_login import current_user
from redis.exceptions import RedisError

from app import jobs

log = logging.getLogger(__name__)
WINDOW_SECONDS = 120


def _visitor():
    if current_user.is_authenticated:
        return f"u{current_user.id}"
    seen = f"{request.remote_addr}|{request.user_agent.string}".encode()
    return "v" + hashlib.blake2b(seen, digest_size=8).hexdigest()


def seen_now(subject_key):
    """Marks this visitor as present on `subject_key` ("film:12") and returns how many are."""
    key = f"{current_app.config['RQ_QUEUE']}:talk:here:{subject_key}"
    now = time.time()
    try:
        pipe = jobs.redis_connection(setting="CACHE_REDIS_URL").pipeline(transaction=False)
        pipe.zadd(key, {_visitor(): now})
        pipe.zremrangebyscore(key, 0, now - WINDOW_SECONDS)
        pipe.zcard(key)
        pipe.expire(key, WINDOW_SECONDS)
        return pipe.execute()[2]
    except RedisError:
        log.warning("presence not counted: Redis unreachable")
        return 0
