"""Whole catalogue pages kept in Redis, with the personal parts spliced in per request.

The server bench showed Python time per request as the limit: with 5,000 films two cores
served 126 home pages a second, 93 film pages, and a member's pages were never cached. A
home, browse, search, film or project-discovery page is rendered once for everyone who asks
for the same address, language, data-saver mode, fragment or page, and kind of visitor
(anonymous, member, filmmaker, administrator: the menu differs). What belongs to one person
— where they stopped in the film, their list and rating, "Continue watching", the forms'
CSRF token — is left in the stored page as a marker (`personal`) and rendered afresh on
every request, on the server: the page works without JavaScript and costs no second round
trip on 2G.

"The address" is the path and the query parameters the page reads, parsed and in a fixed
order: `?b=1&a=2`, `?a=2&b=1`, a made-up parameter or a value the page ignores all share
one entry, so varied addresses cannot fill Redis. A stored page keeps the versions of what
it shows (`freshness`: its film, its project, the lists) and is served only while they are
unchanged. Counters written without the ORM (views, ratings) reach the page within
`EXPIRY_S`. Visitors with a message waiting, and pages whose view made a form (a CSRF token
of its own) or changed the session, are never cached.
"""
import hashlib
import json
import logging
import re
from functools import wraps
from urllib.parse import urlencode

from flask import current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from redis.exceptions import RedisError

from app import data_saver
from app.catalog import freshness, viewer_parts
from app.ops import metrics
from app.pages import wants_fragment

log = logging.getLogger(__name__)
EXPIRY_S = 60
KEPT_HEADERS = ("Vary", "HX-Push-Url")
# Markers come only from our templates: text a visitor wrote is escaped, `<` and all.
MARKER = re.compile(r"<!--personal:([a-z_]+)((?::[A-Za-z0-9_-]*)*)-->")
PARTS = {}


def personal_part(name, per_viewer=False):
    """Registers `fn(*args) -> str` (HTML) as the personal part `name`; args are strings.
    `per_viewer`: it depends on the viewer alone, not on the session (app/catalog/viewer_parts.py)."""
    def register(fn):
        PARTS[name] = fn
        if per_viewer:
            viewer_parts.NAMES.add(name)
        return fn
    return register


def personal(name, *args):
    """Template global: a marker in a page or a viewer's part being stored, the part itself otherwise."""
    if g.get("page_depends_on") is not None or g.get("part_being_stored"):
        return Markup(f"<!--personal:{name}{''.join(f':{arg}' for arg in args)}-->")
    return Markup(PARTS[name](*(str(arg) for arg in args)))


def csrf_token():
    """Template global replacing Flask-WTF's: one visitor's token is never stored."""
    return personal("csrf")


@personal_part("csrf")
def _csrf():
    return generate_csrf()


def shared_page(view=None, *, reads=None, depends_on=(freshness.FILMS,)):
    """Serves the view's page from the cache while what it shows is unchanged.

    `reads`: the page's query parameters as it understands them, `request.args` → dict
    (the catalogue's own parsers; a value it drops is None); none when it reads none.
    `depends_on`: the versions every rendering of this page shows (`freshness`); the view
    adds its own entities with `freshness.depends_on("film:3")`.
    """
    if view is None:
        return lambda inner: shared_page(inner, reads=reads, depends_on=depends_on)

    @wraps(view)
    def cached_view(*args, **kwargs):
        if not _cacheable_request():
            return view(*args, **kwargs)
        g.shared_path = normal_path(reads)
        try:
            connection = freshness.redis()
            key = _key(g.shared_path)
            stored, static = _lookup(connection, key, depends_on)
        except RedisError as error:
            log.warning("page cache unavailable: %s", error)
            return view(*args, **kwargs)
        metrics.page_cache(hit=stored is not None)
        if stored is not None:
            return _spliced(_response(stored))
        g.page_depends_on = set(depends_on)
        try:
            response = make_response(view(*args, **kwargs))
            if _cacheable_response(response):
                _store(connection, key, response, static)
        finally:
            g.page_depends_on = None  # an error page rendered next holds no marker
        return _spliced(response)

    return cached_view


def _lookup(connection, key, static_names):
    """(the stored page if still fresh, else None; versions of `static_names`), one or two reads."""
    names = sorted({freshness.EVERYTHING, *static_names})
    found = connection.mget([key, *(freshness._key(name) for name in names)])
    static = {name: value.decode() for name, value in zip(names, found[1:]) if value is not None}
    if found[0] is None:
        return None, static
    stored = json.loads(found[0])
    wanted = stored["versions"]
    current = dict(static)
    others = [name for name in wanted if name not in current]
    if others:
        current.update(freshness.versions(connection, others))
    fresh = all(current.get(name) == version for name, version in wanted.items())
    return (stored if fresh else None), static


def _store(connection, key, response, static):
    names = g.page_depends_on
    try:
        versions = {**static, **freshness.versions(connection, names - static.keys())}
        versions = {name: versions[name] for name in names | {freshness.EVERYTHING}}
        connection.set(key, _stored(response, versions), ex=EXPIRY_S)
    except RedisError as error:
        log.warning("page not cached: %s", error)


def _cacheable_request():
    return current_app.config["PAGE_CACHE"] and request.method == "GET" and "_flashes" not in session


def _cacheable_response(response):
    return (
        response.status_code == 200
        and not response.is_streamed
        and "csrf_token" not in g  # a form's token is one visitor's, never everyone's
        and not session.modified
    )


def normal_path(reads=None):
    """The path and the parameters the page reads, without empty ones, sorted by name; the
    page itself links to this address (language switch), never to the one typed."""
    values = reads(request.args) if reads else {}
    query = urlencode(sorted((name, value) for name, value in values.items() if value not in (None, "")))
    return f"{request.path}?{query}" if query else request.path


def audience():
    """Which menu the page carries: anonymous, member, filmmaker, administrator."""
    if not current_user.is_authenticated:
        return "anonymous"
    return "member" + ("+films" if current_user.makes_films else "") + ("+admin" if current_user.is_admin else "")


def _key(path):
    mode = data_saver.current()
    variant = "|".join((str(get_locale()), mode.mode, mode.reason, "fragment" if wants_fragment() else "page",
                        audience(), request.host, path))
    digest = hashlib.sha256(variant.encode()).hexdigest()[:32]
    return f"{freshness.prefix()}:page:{digest}"


def _stored(response, versions):
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    return json.dumps({"body": response.get_data(as_text=True), "headers": headers, "versions": versions})


def _response(stored):
    response = make_response(stored["body"])
    for name, value in stored["headers"].items():
        response.headers[name] = value
    return response


def _spliced(response):
    """The page with each personal marker replaced by its part, rendered for this request."""
    body = response.get_data(as_text=True)
    if "<!--personal:" in body:
        kept = viewer_parts.rendered(MARKER.finditer(body), _render_part)
        body = MARKER.sub(lambda match: kept[match.group(0)] if match.group(0) in kept else _render_part(match), body)
        if kept:  # the session's own markers inside the viewer's parts
            body = MARKER.sub(_render_part, body)
        response.set_data(body)
    return response


def _render_part(match):
    args = [arg for arg in match.group(2).split(":")[1:]]
    return PARTS[match.group(1)](*args)


def init_app(app):
    """After CSRFProtect.init_app: its global and context processor both name csrf_token."""
    app.jinja_env.globals.update(personal=personal, csrf_token=csrf_token)
    app.context_processor(lambda: {"csrf_token": csrf_token})
