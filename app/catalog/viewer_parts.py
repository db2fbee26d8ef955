"""The personal parts that depend on one viewer alone, kept in the cache Redis.

Where a viewer stopped in a film, their list and rating, "Continue watching": each is
rendered once per viewer, language, data-saver mode and state, then read back while the
viewer's version (`freshness.viewer`, moved by every position saved, list or rating change)
and the films' version are unchanged, for `EXPIRY_S` at most. A member's cached film page
then costs two reads in Redis and no statement. The form tokens inside a part belong to the
session, not to the viewer: they stay markers in the stored part and are filled in per request.
"""
import hashlib
import logging

from flask import g, request
from flask_babel import get_locale
from flask_login import current_user
from redis.exceptions import RedisError

from app import data_saver
from app.catalog import freshness

log = logging.getLogger(__name__)
EXPIRY_S = 60
NAMES = set()  # the parts registered with per_viewer=True


def rendered(matches, render):
    """{marker: HTML with session markers left in} for the per-viewer markers among `matches`;
    `render(match)` makes a part that is not stored yet. Nothing when Redis is away."""
    wanted = {match.group(0): match for match in matches if match.group(1) in NAMES}
    key = _viewer_key()
    if not wanted or key is None:
        return {}
    try:
        connection = freshness.redis()
        names = [freshness.viewer(key), freshness.FILMS]
        state = freshness.versions(connection, names)
        keys = {marker: _key(marker, key, state) for marker in wanted}
        found = dict(zip(keys, connection.mget(list(keys.values()))))
    except RedisError as error:
        log.warning("personal parts not cached: %s", error)
        return {}
    parts, new = {}, {}
    for marker, value in found.items():
        if value is not None:
            parts[marker] = value.decode()
            continue
        g.part_being_stored = True
        try:
            parts[marker] = new[keys[marker]] = render(wanted[marker])
        finally:
            g.part_being_stored = False
    if new:
        try:
            with connection.pipeline(transaction=False) as pipe:
                for stored_key, html in new.items():
                    pipe.set(stored_key, html, ex=EXPIRY_S)
                pipe.execute()
        except RedisError as error:
            log.warning("personal parts not stored: %s", error)
    return parts


def _viewer_key():
    from app.watch import progress

    return progress.viewer_key(current_user, request.cookies)


def _key(marker, viewer_key, state):
    mode = data_saver.current()
    variant = "|".join((marker, str(get_locale()), mode.mode, viewer_key, *(state[name] for name in sorted(state))))
    return f"{freshness.prefix()}:part:{hashlib.sha256(variant.encode()).hexdigest()[:32]}"
