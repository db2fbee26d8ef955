"""Builders for test data; each flushes and returns the object, the test commits."""
import itertools
from datetime import timedelta

from sqlalchemy import select

from app.catalog import search
from app.catalog.models import Credit, Film, Genre, Person
from app.extensions import db
from app.funding.models import Project, Reward
from app.timeutil import utcnow

_numbers = itertools.count(1)


def make_genre(slug="drame", name_fr="Drame", name_en="Drama"):
    genre = db.session.scalar(select(Genre).where(Genre.slug == slug))
    if genre is None:
        genre = Genre(slug=slug, name_fr=name_fr, name_en=name_en)
        db.session.add(genre)
        db.session.flush()
    return genre


def make_person(name=None):
    n = next(_numbers)
    name = name or f"Réalisatrice {n}"
    person = Person(slug=f"{search.fold(name).replace(' ', '-')}-{n}", name=name)
    db.session.add(person)
    db.session.flush()
    return person


def make_film(title=None, synopsis="Une histoire de Lomé.", year=2022, country="TG", genres=("drame",),
              director=None, status="published", poster_key="k1", **fields):
    n = next(_numbers)
    title = title or f"Film {n}"
    film = Film(slug=f"film-{n}", title=title, synopsis=synopsis, year=year, country_code=country,
                status=status, poster_key=poster_key, published_at=utcnow() - timedelta(minutes=n), **fields)
    film.genres = [make_genre(g, g.capitalize(), g.capitalize()) for g in genres]
    director = director or make_person()
    film.credits = [Credit(person=director, role="director")]
    db.session.add(film)
    db.session.flush()
    film.search_text = search.search_text_for(film)
    db.session.flush()
    return film


def make_project(film=None, code=None, goal=1_000_000, status="live", rewards=(), **fields):
    n = next(_numbers)
    project = Project(short_code=code or f"PRJ{n:04d}", film_id=film.id if film else None,
                      title=fields.pop("title", f"Projet {n}"), pitch=fields.pop("pitch", "Le prochain film."),
                      goal_fcfa=goal, status=status,
                      ends_at=fields.pop("ends_at", utcnow() + timedelta(days=20)), **fields)
    project.rewards = [Reward(title=t, min_amount_fcfa=a, quantity=q) for t, a, q in rewards]
    db.session.add(project)
    db.session.flush()
    return project


def make_user(role="viewer", phone=None, **fields):
    from app.accounts.models import User

    user = User(phone=phone or f"+2289{next(_numbers):07d}", role=role, **fields)
    db.session.add(user)
    db.session.flush()
    return user


def log_in(client, user):
    """Signs `user` in for the test client, as Flask-Login's session would after a real sign-in."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def approve_creator(user):
    """The creator check an administrator approved, as a project needs before going live."""
    from app.creators.models import CreatorCheck

    check = CreatorCheck(user_id=user.id, document_key=f"identity/{user.id}/test.pdf", status="approved")
    db.session.add(check)
    db.session.flush()
    return check
