"""Reads of the catalogue shared by pages, jobs and the CLI.

Every list is one query of films plus at most one of their genres: the page costs the
same number of statements whether it shows 5 films or 50.
"""
from dataclasses import dataclass

from flask import abort
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from app.catalog import search
from app.catalog.models import Credit, Film, Genre, Person, film_genres
from app.extensions import db
from app.funding.models import Project

LIVE_PROJECT_STATUSES = ("live",)


def published():
    return select(Film).where(Film.status == "published")


def home_rows(limit):
    """The rows of the home page, each a short list of films."""
    featured = published().where(Film.is_featured).order_by(Film.published_at.desc(), Film.id)
    newest = published().order_by(Film.published_at.desc(), Film.id.desc())
    most_watched = published().order_by(Film.views_count.desc(), Film.id)
    best_rated = (
        published()
        .where(Film.rating_count >= 1)
        .order_by((Film.rating_sum * 1.0 / Film.rating_count).desc(), Film.rating_count.desc(), Film.id)
    )
    return {
        "featured": _all(featured.limit(limit)),
        "newest": _all(newest.limit(limit)),
        "most_watched": _all(most_watched.limit(limit)),
        "best_rated": _all(best_rated.limit(limit)),
    }


def projects_to_support(limit):
    """Live projects, those ending soonest first: they need help now."""
    query = (
        select(Project)
        .where(Project.status.in_(LIVE_PROJECT_STATUSES))
        .order_by(Project.ends_at.is_(None), Project.ends_at, Project.id)
        .limit(limit)
    )
    return db.session.scalars(query).all()


@dataclass
class Filters:
    genre: str | None = None
    country: str | None = None
    director: str | None = None
    year: int | None = None
    page: int = 1

    def as_args(self, **changes):
        """Query-string arguments for links, without empty values."""
        values = {"genre": self.genre, "country": self.country, "director": self.director,
                  "year": self.year, "page": self.page}
        values.update(changes)
        if values["page"] == 1:
            del values["page"]
        return {k: v for k, v in values.items() if v not in (None, "")}

    @property
    def active(self):
        return any([self.genre, self.country, self.director, self.year])


@dataclass
class Page:
    items: list
    number: int
    size: int
    total: int
    # Search only: the title or name searched instead, when what was typed found nothing.
    suggestion: str | None = None

    @property
    def pages(self):
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def has_prev(self):
        return self.number > 1


def browse(filters, page_size):
    query = published()
    if filters.genre:
        query = query.where(
            Film.id.in_(select(film_genres.c.film_id).join(Genre).where(Genre.slug == filters.genre))
        )
    if filters.country:
        query = query.where(Film.country_code == filters.country)
    if filters.director:
        query = query.where(
            exists().where(
                Credit.film_id == Film.id,
                Credit.role == "director",
                Credit.person_id == select(Person.id).where(Person.slug == filters.director).scalar_subquery(),
            )
        )
    if filters.year:
        query = query.where(Film.year == filters.year)
    return paginate(query.order_by(Film.published_at.desc(), Film.id.desc()), filters.page, page_size)


def search_films(raw_query, page_number, page_size):
    query = search.clean_query(raw_query)
    if query is None:
        return None
    dialect = db.session.get_bind().dialect.name
    page = paginate(search.matching(published(), query, dialect), page_number, page_size)
    if page.total:
        return page
    # Forgiving only when the exact search found nothing: a found word costs no more queries.
    suggested = search.suggestion(db.session, query, dialect)
    if suggested is None:
        return page
    page = paginate(search.matching(published(), search.clean_query(suggested), dialect), page_number, page_size)
    page.suggestion = suggested
    return page


def paginate(query, number, size):
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = _all(query.limit(size).offset((number - 1) * size))
    return Page(items=items, number=number, size=size, total=total)


def film_or_404(slug):
    query = published().where(Film.slug == slug).options(
        selectinload(Film.genres), selectinload(Film.credits).selectinload(Credit.person),
        selectinload(Film.renditions),
    )
    film = db.session.scalars(query).first()
    if film is None:
        abort(404)
    return film


def film_project(film):
    """The live project a film page leads to: one its team linked to it, the newest first.
    A project not approved yet, or no longer taking money, is never promoted."""
    query = select(Project).where(Project.film_id == film.id, Project.status == "live").order_by(Project.id.desc())
    return db.session.scalars(query.limit(1)).first()


def related_films(film, limit):
    """Films by the same director first, then sharing a genre, most watched first."""
    director_ids = [p.id for p in film.directors]
    genre_ids = [g.id for g in film.genres]
    by_genre = select(film_genres.c.film_id).where(film_genres.c.genre_id.in_(genre_ids))
    by_director = select(Credit.film_id).where(Credit.role == "director", Credit.person_id.in_(director_ids))
    query = (
        published()
        .where(Film.id != film.id, Film.id.in_(by_genre.union(by_director)))
        .order_by(Film.id.in_(by_director).desc(), Film.views_count.desc(), Film.id)
        .limit(limit)
    )
    return _all(query)


# With thousands of films a list of every director would outweigh the page on 2G: the list
# offers those with the most films; any other is reached from a film page or search.
DIRECTOR_CHOICES = 30


def filter_choices():
    """Genres, countries, directors and years that have at least one published film."""
    genres = db.session.scalars(
        select(Genre).where(Genre.id.in_(select(film_genres.c.genre_id).join(Film).where(Film.status == "published")))
        .order_by(Genre.slug)
    ).all()
    countries = db.session.scalars(published().with_only_columns(Film.country_code).distinct()).all()
    years = db.session.scalars(published().with_only_columns(Film.year).distinct().order_by(Film.year.desc())).all()
    films_made = (
        select(Credit.person_id, func.count().label("films"))
        .join(Film).where(Credit.role == "director", Film.status == "published")
        .group_by(Credit.person_id).subquery()
    )
    directors = db.session.scalars(
        select(Person).join(films_made, films_made.c.person_id == Person.id)
        .order_by(films_made.c.films.desc(), Person.name).limit(DIRECTOR_CHOICES)
    ).all()
    return {"genres": genres, "countries": sorted(countries), "years": years,
            "directors": sorted(directors, key=lambda person: search.fold(person.name))}


def person_by_slug(slug):
    return db.session.scalar(select(Person).where(Person.slug == slug))


def _all(query):
    return db.session.scalars(query).all()
