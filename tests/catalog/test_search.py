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


@pytest.mark.parametrize("typed", ["Le marché d'Assigamé", "d'Assigamé", "d’Assigamé", "L'or de la falaise",
                                   "L’or de la falaise", "l'or"])
def test_apostrophes_split_words_on_postgresql(app, typed):
    make_film(title="Le marché d'Assigamé", synopsis="Des vendeuses au grand marché de Lomé.")
    make_film(title="L’or de la falaise", synopsis="Un village garde son secret.")
    make_film(title="La pirogue", synopsis="Un garçon répare une pirogue.")
    db.session.commit()
    expected = "Le marché d'Assigamé" if "ssigam" in typed else "L’or de la falaise"
    assert _titles(queries.search_films(typed, 1, 12)) == [expected]


@pytest.mark.parametrize("typed", ["d'Assigamé", "L’or de la falaise", "l'or"])
def test_apostrophes_split_words_on_sqlite(sqlite_app, typed):
    make_film(title="Le marché d'Assigamé", synopsis="Des vendeuses au grand marché de Lomé.")
    make_film(title="L’or de la falaise", synopsis="Un village garde son secret.")
    db.session.commit()
    expected = "Le marché d'Assigamé" if "ssigam" in typed else "L’or de la falaise"
    assert _titles(queries.search_films(typed, 1, 12)) == [expected]


def _typo_catalogue():
    from tests.factories import make_person

    make_film(title="La pirogue", synopsis="Un garçon répare une barque.")
    make_film(title="Mami Wata", synopsis="La déesse des eaux.")
    make_film(title="Le marché d'Assigamé", synopsis="Des vendeuses à Lomé.")
    make_film(title="Harmattan", synopsis="Le vent du nord.", director=make_person("Kossi Efoui"))
    db.session.commit()


@pytest.mark.parametrize("typed, meant, title", [
    ("pirgoue", "La pirogue", "La pirogue"), ("mamiwata", "Mami Wata", "Mami Wata"),
    ("Assigamée", "Le marché d'Assigamé", "Le marché d'Assigamé"), ("Kosi", "Kossi Efoui", "Harmattan"),
])
def test_a_typo_finds_the_closest_title_or_name_on_postgresql(app, typed, meant, title):
    _typo_catalogue()
    page = queries.search_films(typed, 1, 12)
    assert _titles(page) == [title]
    assert page.suggestion in (meant, None if typed == "Assigamée" else meant)


@pytest.mark.parametrize("typed, title", [("pirgoue", "La pirogue"), ("Kosi", "Harmattan"), ("mamiwata", "Mami Wata")])
def test_a_typo_finds_the_closest_title_or_name_on_sqlite(sqlite_app, typed, title):
    _typo_catalogue()
    page = queries.search_films(typed, 1, 12)
    assert _titles(page) == [title] and page.suggestion is not None


def test_nothing_close_suggests_nothing(app):
    _typo_catalogue()
    page = queries.search_films("zzqxw", 1, 12)
    assert page.total == 0 and page.suggestion is None


def test_a_word_found_costs_no_typo_lookup(app, count_queries):
    _typo_catalogue()
    with count_queries() as counter:
        page = queries.search_films("pirogue", 1, 12)
    assert _titles(page) == ["La pirogue"] and page.suggestion is None
    assert counter.count == 2  # the count and the page, as before


def test_the_typo_lookup_uses_the_trigram_indexes(app):
    db.session.execute(text(
        "INSERT INTO films (slug, title, synopsis, year, country_code, status, video_status, poster_color,"
        " is_featured, views_count, rating_count, rating_sum, search_text, created_at)"
        " SELECT 'f-' || n, 'Titre ' || md5(n::text), '', 2020, 'TG', 'published', 'none', '#444444',"
        " false, 0, 0, 0, 'x', now() FROM generate_series(1, 5000) AS n"
    ))
    db.session.commit()
    db.session.execute(text("ANALYZE films"))
    db.session.execute(text("SET pg_trgm.word_similarity_threshold = 0.35"))
    plan = "\n".join(row[0] for row in db.session.execute(text(
        "EXPLAIN SELECT title FROM films WHERE 'pirgoue' <% translate(lower(title),"
        " 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœ', 'aaaaaaceeeeiiiinooooouuuuyyo')")))
    assert "ix_films_title_trgm" in plan


def test_plurals_find_the_singular_on_sqlite(sqlite_app):
    make_film(title="Le train de Kara", synopsis="Un train traverse le pays.")
    make_film(title="Les bateaux", synopsis="Au port de Lomé.")
    make_film(title="La pirogue", synopsis="Un garçon répare une pirogue.")
    db.session.commit()
    assert _titles(queries.search_films("trains", 1, 12)) == ["Le train de Kara"]


@pytest.mark.parametrize("typed, title", [("togo", "Lomé la nuit"), ("Sénégal", "Dakar"), ("senegal", "Dakar"),
                                          ("drame", "Lomé la nuit"), ("drama", "Lomé la nuit"),
                                          ("comédie", "Dakar"), ("comedy", "Dakar")])
def test_country_and_genre_names_are_searchable_in_both_languages(app, typed, title):
    _countries_and_genres()
    assert _titles(queries.search_films(typed, 1, 12)) == [title]


@pytest.mark.parametrize("typed, title", [("togo", "Lomé la nuit"), ("Sénégal", "Dakar"), ("drama", "Lomé la nuit"),
                                          ("comédie", "Dakar")])
def test_country_and_genre_names_are_searchable_on_sqlite(sqlite_app, typed, title):
    _countries_and_genres()
    assert _titles(queries.search_films(typed, 1, 12)) == [title]


def _countries_and_genres():
    from tests.factories import make_genre

    make_genre("drame", "Drame", "Drama"), make_genre("comedie", "Comédie", "Comedy")
    make_film(title="Lomé la nuit", synopsis="Une nuit.", country="TG", genres=("drame",))
    make_film(title="Dakar", synopsis="Une ville.", country="SN", genres=("comedie",))
    db.session.commit()
