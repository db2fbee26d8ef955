"""The browse page's filter lists, kept in Redis until the catalogue changes.

Genres, countries, directors and years with a published film cost four queries on every
browse page (33 ms of the 64 ms the page took with 5,000 films) and change only when films,
their genres or their credits do. The lists are stored under the version of the film lists
(`freshness`), so the next page after such a change reads fresh lists in every worker.
Without Redis the lists are read from the database every time, as before; an hour's expiry
bounds any miss.
"""
import json
import logging
from dataclasses import dataclass

from redis.exceptions import RedisError

from app.catalog import freshness, queries

log = logging.getLogger(__name__)
EXPIRY_S = 3600


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


def filter_choices(chosen_director=None):
    """The same lists as `queries.filter_choices()`, from Redis when the catalogue is unchanged.

    A director chosen from a film page may be outside the shortened list: it is added, so
    the form shows what the page is filtered by.
    """
    lists = _filter_choices()
    if chosen_director and chosen_director not in {person.slug for person in lists["directors"]}:
        person = queries.person_by_slug(chosen_director)
        if person is not None:
            lists["directors"] = [*lists["directors"], PersonChoice(person.slug, person.name)]
    return lists


def _filter_choices():
    try:
        redis = freshness.redis()
        tokens = freshness.versions(redis, [freshness.FILMS])
        key = f"{freshness.prefix()}:choices:{tokens[freshness.EVERYTHING]}:{tokens[freshness.FILMS]}"
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
