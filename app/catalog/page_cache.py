"""Whole catalogue pages for anonymous visitors, kept in Redis.

The server bench showed Python time per request as the limit: with 5,000 films two cores
served 126 home pages a second, 93 film pages. An anonymous visitor's home, browse,
search, film and project-discovery pages depend only on the address, the language, the
data-saver mode and whether htmx asked for a fragment, so one rendering serves everyone
who asks for the same thing until the catalogue changes (`freshness`). "The address" is the
path and the query parameters the page reads, parsed and in a fixed order: `?b=1&a=2`,
`?a=2&b=1`, a made-up parameter or a value the page ignores all share one entry, so varied
addresses cannot fill Redis. Counters written
without the ORM (views, ratings) reach the page within `EXPIRY_S`. Members, visitors with
a message waiting and pages that hold a CSRF token are never cached: those differ from
one person to the next.
"""
import hashlib
import json
import logging
from functools import wraps
from urllib.parse import urlencode

from flask import current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from redis.exceptions import RedisError

from app import data_saver, jobs
from app.catalog import freshness
from app.ops import metrics
from app.pages import wants_fragment

log = logging.getLogger(__name__)
EXPIRY_S = 60
KEPT_HEADERS = ("Vary", "HX-Push-Url")


def shared_page(view=None, *, reads=None, personal_cookies=()):
    """Serves the view's page from the cache when an identical one was rendered already.

    `reads`: the page's query parameters as it understands them, `request.args` → dict
    (the catalogue's own parsers; a value it drops is None); none when it reads none.
    `personal_cookies`: cookies that make the page one visitor's (a film page shows where
    the visitor carrying the viewing cookie stopped); requests with one skip the cache.
    """
    if view is None:
        return lambda inner: shared_page(inner, reads=reads, personal_cookies=personal_cookies)

    @wraps(view)
    def cached_view(*args, **kwargs):
        if not _cacheable_request() or any(name in request.cookies for name in personal_cookies):
            return view(*args, **kwargs)
        g.shared_path = normal_path(reads)
        try:
            redis = jobs.redis_connection()
            key = _key(redis, g.shared_path)
            stored = redis.get(key)
        except RedisError as error:
            log.warning("page cache unavailable: %s", error)
            return view(*args, **kwargs)
        metrics.page_cache(hit=stored is not None)
        if stored is not None:
            return _response(json.loads(stored))
        response = view(*args, **kwargs)
        if _cacheable_response(response):
            try:
                redis.set(key, _stored(response), ex=EXPIRY_S)
            except RedisError as error:
                log.warning("page not cached: %s", error)
        return response

    return cached_view


def _cacheable_request():
    return (
        current_app.config["PAGE_CACHE"]
        and request.method == "GET"
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def _cacheable_response(response):
    return (
        response.status_code == 200
        and not response.is_streamed
        and "csrf_token" not in g  # a token is one visitor's, never everyone's
        and not session.modified
    )


def normal_path(reads=None):
    """The path and the parameters the page reads, without empty ones, sorted by name; the
    page itself links to this address (language switch), never to the one typed."""
    values = reads(request.args) if reads else {}
    query = urlencode(sorted((name, value) for name, value in values.items() if value not in (None, "")))
    return f"{request.path}?{query}" if query else request.path


def _key(redis, path):
    mode = data_saver.current()
    variant = "|".join((str(get_locale()), mode.mode, mode.reason, "fragment" if wants_fragment() else "page",
                        request.host, path))
    digest = hashlib.sha256(variant.encode()).hexdigest()[:32]
    return f"{freshness.prefix()}:page:{freshness.version(redis)}:{digest}"


def _stored(response):
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    return json.dumps({"body": response.get_data(as_text=True), "headers": headers})


def _response(stored):
    response = make_response(stored["body"])
    for name, value in stored["headers"].items():
        response.headers[name] = value
    return response
