"""Versions of what cached catalogue pages show, one per entity and one per kind of list.

A cached page (app/catalog/page_cache.py) or list (the browse filters) records the versions
it was rendered with; it is served again only while they are all unchanged. A commit bumps
the versions of what it changed, and nothing else:

- `film:<id>`: a film's own page (the film, its credits, its comments);
- `project:<id>`: a project, and the page of the film it belongs to (its progress bar);
- `films`: every list of films (home rows, browse, search, "you may also like");
- `projects`: every list showing funding progress (home's projects row, discovery);
- `all`: everything, for bulk SQL (`flask demo scale`) and emptied tables;
- `viewer:<key>`: one viewer's own parts of a page (where they stopped, their list and
  rating, "Continue watching"; app/catalog/viewer_parts.py).

So a comment on film A leaves film B's page and the browse page cached, and a credited
contribution to project P evicts P's film page and the lists with progress bars, not the
other films. ORM writes to the watched models are noticed here; SQL that bypasses the ORM
(the funding ledger, `flask demo scale`) calls `mark_changed()` or `catalogue_changed()`.
Columns that no cached page shows (transcoding progress, counters) bump nothing.

A version is a random token, not a counter: a version key evicted from a volatile Redis
comes back as a new token, never as a value an old page was stored with.
"""
import logging
import secrets

from flask import current_app, g
from redis.exceptions import RedisError
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app import jobs
from app.accounts.models import Comment, Favourite, Rating
from app.catalog.models import Credit, Film, Genre, Person
from app.funding.models import Project
from app.watch.models import Viewing

log = logging.getLogger(__name__)
EVERYTHING, FILMS, PROJECTS = "all", "films", "projects"
QUIET = {"transcode_progress", "bytes_served", "views_count", "updated_at", "rating_sum", "rating_count"}


def prefix():
    return f"{current_app.config['RQ_QUEUE']}:catalog"


def redis():
    """The cache's Redis (CACHE_REDIS_URL): pages, lists and their versions, all volatile."""
    return jobs.redis_connection(setting="CACHE_REDIS_URL")


def _key(name):
    return f"{prefix()}:v:{name}"


def viewer(key):
    """The name of one viewer's own state ("u12" for a member, "v…" for a visitor)."""
    return f"viewer:{key}"


def versions(connection, names):
    """The current token of each name (and of `all`), creating those that are missing."""
    names = sorted({EVERYTHING, *names})
    found = connection.mget([_key(name) for name in names])
    result = {}
    for name, value in zip(names, found):
        if value is None:
            connection.set(_key(name), secrets.token_hex(6), nx=True)
            value = connection.get(_key(name))
        result[name] = value.decode()
    return result


def depends_on(*names):
    """Records that the page being rendered shows these (`film:3`, `films`): page_cache reads
    their versions when it stores the page. Outside a cached rendering it does nothing."""
    wanted = g.get("page_depends_on")
    if wanted is not None:
        wanted.update(names)


def catalogue_changed(*names):
    """Makes every worker read fresh data for these names (none: everything) from now on."""
    try:
        connection = redis()
        with connection.pipeline(transaction=False) as pipe:
            for name in names or (EVERYTHING,):
                pipe.set(_key(name), secrets.token_hex(6))
            pipe.execute()
    except RedisError as error:
        log.warning("cached catalogue not invalidated: %s", error)


def mark_changed(session, *names):
    """For writes made with bulk SQL: invalidate these names (none: everything) once the
    transaction commits."""
    session.info.setdefault("catalogue_changed", set()).update(names or (EVERYTHING,))


def changed_names(obj):
    """What a new, changed or deleted object of a watched model makes stale."""
    if isinstance(obj, Film):
        state = inspect(obj)
        if state.persistent and not state.deleted and _only_quiet_columns(state):
            return ()
        return (f"film:{obj.id}", FILMS)
    if isinstance(obj, Credit):
        return (f"film:{obj.film_id}", FILMS)
    if isinstance(obj, (Genre, Person)):
        return (FILMS,)
    if isinstance(obj, Project):  # a film page leads to its live project
        return (f"project:{obj.id}", PROJECTS, *([f"film:{obj.film_id}"] if obj.film_id else ()))
    if isinstance(obj, Comment):
        return (f"film:{obj.film_id}",)
    if isinstance(obj, (Favourite, Rating)):
        return (viewer(f"u{obj.user_id}"),)
    if isinstance(obj, Viewing):
        return (viewer(obj.viewer_key),)
    return ()


def _only_quiet_columns(state):
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    return changed <= QUIET


@event.listens_for(Session, "after_flush")
def _note_catalogue_writes(session, flush_context):
    names = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        names.update(changed_names(obj))
    if names:
        mark_changed(session, *names)


@event.listens_for(Session, "after_commit")
def _invalidate_after_commit(session):
    names = session.info.pop("catalogue_changed", None)
    if names:
        catalogue_changed(*sorted(names))


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session, previous_transaction):
    """Only the whole transaction's rollback forgets the names: a failed flush or savepoint
    inside it (a row that was already there) leaves what the transaction changed before."""
    if previous_transaction.parent is None:
        session.info.pop("catalogue_changed", None)
