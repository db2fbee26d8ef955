"""A signed-in member's row kept in the cache Redis, so a page from the page cache costs no
statement at all.

Flask-Login loads the member on every request. For a page read (GET or HEAD outside the
admin) the row comes from Redis when it is there, attached to the session without a query
(`merge(load=False)`): the member is then an ordinary persistent object whose relationships
load as usual. Every other request (a form, a payment, the admin) reads the row itself.

Any commit that changes or deletes a member drops its entry (the ORM's flush is watched, as
for the catalogue's versions), so does bulk SQL that moves the catalogue's `all` version, and
an entry lives `EXPIRY_S` at most: a page read that began
before such a commit and stored the old row afterwards is out of date for that long, never a
form or an admin action.
"""
import json
import logging
from datetime import datetime

from flask import request
from redis.exceptions import RedisError
from sqlalchemy import DateTime, event
from sqlalchemy.orm import Session, make_transient_to_detached

from app.accounts.models import User
from app.catalog import freshness
from app.extensions import db

log = logging.getLogger(__name__)
EXPIRY_S = 30
_COLUMNS = {column.key: isinstance(column.type, DateTime) for column in User.__table__.columns}


def _key(user_id):
    return f"{freshness.prefix()}:member:{user_id}"


def _readable():
    return request.method in ("GET", "HEAD") and request.blueprint != "admin"


def get(user_id):
    """The member with this id (None if there is none), from the cache for page reads."""
    if not _readable():
        return db.session.get(User, user_id)
    try:
        connection = freshness.redis()
        stored, everything = connection.mget([_key(user_id), freshness._key(freshness.EVERYTHING)])
    except RedisError as error:
        log.warning("member cache unavailable: %s", error)
        return db.session.get(User, user_id)
    if stored is not None and everything is not None:
        entry = json.loads(stored)
        if entry["everything"] == everything.decode():  # not from before bulk SQL or emptied tables
            return db.session.merge(_from_stored(entry["row"]), load=False)
    user = db.session.get(User, user_id)
    if user is not None:
        try:
            everything = freshness.versions(connection, ())[freshness.EVERYTHING]
            connection.set(_key(user_id), json.dumps({"everything": everything, "row": _stored(user)}), ex=EXPIRY_S)
        except RedisError as error:
            log.warning("member not cached: %s", error)
    return user


def _stored(user):
    values = {name: getattr(user, name) for name in _COLUMNS}
    return {name: value.isoformat() if _COLUMNS[name] and value is not None else value for name, value in values.items()}


def _from_stored(values):
    user = User(**{name: datetime.fromisoformat(value) if _COLUMNS.get(name) and value is not None else value
                   for name, value in values.items() if name in _COLUMNS})
    make_transient_to_detached(user)
    return user


def forget(*user_ids):
    if not user_ids:
        return
    try:
        freshness.redis().delete(*(_key(user_id) for user_id in user_ids))
    except RedisError as error:
        log.warning("member cache not emptied: %s", error)


@event.listens_for(Session, "after_flush")
def _note_member_writes(session, flush_context):
    changed = {obj.id for obj in (*session.dirty, *session.deleted) if isinstance(obj, User)}
    if changed:
        session.info.setdefault("members_changed", set()).update(changed)


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session):
    forget(*sorted(session.info.pop("members_changed", ())))


@event.listens_for(Session, "after_soft_rollback")
def _nothing_to_forget(session, previous_transaction):
    if previous_transaction.parent is None:  # a savepoint's rollback leaves the rest of the transaction
        session.info.pop("members_changed", None)
