"""The browse page's filter lists, kept in Redis until the catalogue changes.

Genres, countries, directors and years with a published film cost four queries on every
browse page (33 ms of the 64 ms the page took with 5,000 films) and change only when films,
their genres or their credits do. Every commit that wrote a Film, Credit, Genre or Person
bumps a version number in Redis; the lists are stored under that number, so the next page
after such a commit reads fresh lists in every worker. Bulk SQL that bypasses the ORM
(`flask demo scale`) calls `catalogue_changed()` itself. Without Redis the lists are read
from the database every time, as before; an hour's expiry bounds any miss.
"""
import json
import logging
from dataclasses import dataclass

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import jobs
from app.catalog import queries
from app.catalog.models import Credit, Film, Genre, Person

log = logging.getLogger(__name__)
EXPIRY_S = 3600
WATCHED = (Film, Credit, Genre, Person)


@dataclass(frozen=True)
class GenreChoice:
    slug: str
    name_fr: str
    name_en: str

    def name(self, locale):
        return self.name_en if locale == "en" else self.name_fr


@dataclass(frozen=True)
class PersonChoice:
    slug: str
    name: str


def _prefix():
    return f"{current_app.config['RQ_QUEUE']}:catalog"


def filter_choices():
    """The same lists as `queries.filter_choices()`, from Redis when the catalogue is unchanged."""
    try:
        redis = jobs.redis_connection()
        version = int(redis.get(f"{_prefix()}:version") or 0)
        key = f"{_prefix()}:choices:{version}"
        cached = redis.get(key)
        if cached is not None:
            return _load(json.loads(cached))
    except RedisError as error:
        log.warning("filter lists not cached: %s", error)
        return queries.filter_choices()
    fresh = queries.filter_choices()
    plain = {"genres": [[g.slug, g.name_fr, g.name_en] for g in fresh["genres"]], "countries": fresh["countries"],
             "years": fresh["years"], "directors": [[p.slug, p.name] for p in fresh["directors"]]}
    try:
        redis.set(key, json.dumps(plain), ex=EXPIRY_S)
    except RedisError as error:
        log.warning("filter lists not cached: %s", error)
    return _load(plain)


def _load(plain):
    return {"genres": [GenreChoice(*g) for g in plain["genres"]], "countries": plain["countries"],
            "years": plain["years"], "directors": [PersonChoice(*p) for p in plain["directors"]]}


def catalogue_changed():
    """Makes every worker read fresh filter lists from now on."""
    try:
        jobs.redis_connection().incr(f"{_prefix()}:version")
    except RedisError as error:
        log.warning("filter lists not invalidated: %s", error)


@event.listens_for(Session, "after_flush")
def _note_catalogue_writes(session, flush_context):
    if any(isinstance(obj, WATCHED) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info["catalogue_changed"] = True


@event.listens_for(Session, "after_commit")
def _invalidate_after_commit(session):
    if session.info.pop("catalogue_changed", False):
        catalogue_changed()


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session):
    session.info.pop("catalogue_changed", None)
