"""Search by a word of the synopsis, with or without accents, on both databases."""
import pytest
from sqlalchemy import text

from app.catalog import queries
from app.extensions import db
from tests.factories import make_film


def _titles(page):
    return [film.title for film in page.items]


@pytest.mark.parametrize("typed", ["cinema", "cinéma", "CINÉMA", "Cinémas"])
def test_search_ignores_accents_and_case_on_postgresql(app, typed):
    make_film(title="Le projectionniste", synopsis="Un vieil homme rouvre le cinéma de son quartier.")
    make_film(title="La pirogue", synopsis="Un garçon répare une pirogue.")
    db.session.commit()
    assert _titles(queries.search_films(typed, 1, 12)) == ["Le projectionniste"]


def test_accented_query_finds_unaccented_text(app):
    make_film(title="Ecran", synopsis="Une monteuse au cinema de Porto-Novo.")
    db.session.commit()
    assert _titles(queries.search_films("cinéma", 1, 12)) == ["Ecran"]


def test_search_finds_director_names(app):
    from tests.factories import make_person

    make_film(title="Harmattan", director=make_person("Aïcha Ouédraogo"))
    db.session.commit()
    assert _titles(queries.search_films("aicha ouedraogo", 1, 12)) == ["Harmattan"]


def test_search_on_sqlite_ignores_accents(sqlite_app):
    make_film(title="Le projectionniste", synopsis="Il rouvre le cinéma du quartier.")
    make_film(title="La pirogue", synopsis="Un garçon répare une pirogue.")
    db.session.commit()
    assert _titles(queries.search_films("cinema", 1, 12)) == ["Le projectionniste"]
    assert _titles(queries.search_films("GARÇON", 1, 12)) == ["La pirogue"]


def test_empty_or_symbol_only_query_searches_nothing(app):
    assert queries.search_films("  !!! ", 1, 12) is None


def test_search_uses_the_full_text_index(app):
    """With a few thousand films, PostgreSQL must not scan the films table to search."""
    db.session.execute(text(
        "INSERT INTO films (slug, title, synopsis, year, country_code, status, video_status, poster_color,"
        " is_featured, views_count, rating_count, rating_sum, search_text, created_at)"
        " SELECT 'f-' || n, 'Film ' || n, 'Histoire ' || n, 2020, 'TG', 'published', 'none', '#444444',"
        " false, 0, 0, 0, 'film ' || n || ' histoire numero ' || n || CASE WHEN n % 500 = 0 THEN ' cinema' ELSE '' END,"
        " now() FROM generate_series(1, 5000) AS n"
    ))
    db.session.commit()
    db.session.execute(text("ANALYZE films"))
    from sqlalchemy import select

    from app.catalog import search
    from app.catalog.models import Film

    statement = search.matching(select(Film.id), "cinema", "postgresql")
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_films_search" in plan
    assert "Seq Scan on films" not in plan
    assert len(db.session.execute(statement).all()) == 10
