"""One version number for everything shared catalogue pages show.

Cached catalogue data (the browse filter lists, whole anonymous pages) is stored under
this number in Redis; a commit that changed what those pages show bumps it, so the next
request in every worker reads fresh data. ORM writes to the watched models are noticed
here; bulk SQL that bypasses the ORM (`flask demo scale`, the funding ledger) calls
`mark_changed()` or `catalogue_changed()` itself.
"""
import logging

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import jobs
from app.accounts.models import Comment
from app.catalog.models import Credit, Film, Genre, Person
from app.funding.models import Project

log = logging.getLogger(__name__)
WATCHED = (Film, Credit, Genre, Person, Project, Comment)


def prefix():
    return f"{current_app.config['RQ_QUEUE']}:catalog"


def version(redis):
    return int(redis.get(f"{prefix()}:version") or 0)


def catalogue_changed():
    """Makes every worker read fresh catalogue data from now on."""
    try:
        jobs.redis_connection().incr(f"{prefix()}:version")
    except RedisError as error:
        log.warning("cached catalogue not invalidated: %s", error)


def mark_changed(session):
    """For writes made with bulk SQL: invalidate once the transaction commits."""
    session.info["catalogue_changed"] = True


@event.listens_for(Session, "after_flush")
def _note_catalogue_writes(session, flush_context):
    if any(isinstance(obj, WATCHED) for obj in (*session.new, *session.dirty, *session.deleted)):
        mark_changed(session)


@event.listens_for(Session, "after_commit")
def _invalidate_after_commit(session):
    if session.info.pop("catalogue_changed", False):
        catalogue_changed()


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session):
    session.info.pop("catalogue_changed", None)
