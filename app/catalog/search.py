"""Film search: PostgreSQL full-text search in French, a plain LIKE on SQLite.

Both search `Film.search_text`, which holds the title, synopsis, credited names and the
film's country and genre names in both languages, folded to lower case without accents:
"cinema" then finds "cinéma" and "senegal" finds "Sénégal" with no database extension
(`unaccent` is not available on every managed PostgreSQL). On PostgreSQL the migrations
keep `films.search_vector`, a stored generated `to_tsvector('french', search_text)`, with
the GIN index on it: matching and ranking read the stored vector instead of computing it
for every row (a common word made that cost 350 ms with 5,000 films, 2 ms now).

Apostrophes, straight or curly, split words as a space does: "d'Assigamé" is "d assigame".
When the exact search finds nothing, `suggestion` looks for the title or name closest to
what was typed (pg_trgm on PostgreSQL, difflib on SQLite) to offer "Did you mean …?".
"""
import difflib

from sqlalchemy import func, literal, literal_column, select, union_all

from app.catalog.countries import COUNTRIES
from app.catalog.folding import fold
from app.catalog.models import Credit, Film, Person

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# Made by the migrations on PostgreSQL only, so unknown to the models (migrations/env.py and
# tests/core/test_migrations.py leave them out of the comparison).
MIGRATION_ONLY_INDEXES = {"ix_films_search", "ix_films_title_trgm", "ix_people_name_trgm"}
MIGRATION_ONLY_COLUMNS = {"search_vector"}
# Folds accents inside PostgreSQL the way `fold` does in Python, with functions marked
# immutable so that an index can hold the result (the trigram indexes of the migration
# "add trigram search" are built on exactly this expression).
ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿœ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyo"
# word_similarity above which a title or name is offered: "pirgoue" is 0.375 of "la pirogue"
# (two letters swapped in a short word). Only asked when the exact search found nothing.
SIMILARITY = 0.35


def search_text_for(film):
    names = " ".join(credit.person.name for credit in film.credits if credit.person is not None)
    places = " ".join(COUNTRIES.get(film.country_code, ()))
    genres = " ".join(f"{genre.name_fr} {genre.name_en}" for genre in film.genres)
    return fold(" ".join([film.title, film.synopsis or "", names, places, genres]))


def clean_query(raw):
    """The words worth searching for, or None if nothing is left."""
    folded = fold(raw)[:MAX_QUERY_LENGTH]
    spaced = "".join(c if c.isalnum() else " " for c in folded)
    words = spaced.split()[:MAX_TERMS]
    return " ".join(words) or None


def matching(select, query, dialect):
    """Adds the search condition and relevance order to a select of films."""
    if dialect == "postgresql":
        document = literal_column("films.search_vector")
        tsquery = func.websearch_to_tsquery(literal_column("'french'::regconfig"), query)
        return select.where(document.op("@@")(tsquery)).order_by(
            func.ts_rank(document, tsquery).desc(), Film.id
        )
    conditions = [Film.search_text.like(f"%{_singular(word)}%") for word in query.split()]
    in_title = Film.title.ilike(f"%{query}%")
    return select.where(*conditions).order_by(in_title.desc(), Film.id)


def _singular(word):
    """SQLite has no stemmer: "trains" and "bateaux" search for "train" and "bateau"."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def folded_sql(column):
    return func.translate(func.lower(column), ACCENTED, PLAIN)


def suggestion(session, query, dialect):
    """The published title or credited name closest to the query, or None."""
    if dialect == "postgresql":
        return _closest_on_postgresql(session, query)
    return _closest_on_sqlite(session, query)


def _closest_on_postgresql(session, query):
    session.execute(select(func.set_config("pg_trgm.word_similarity_threshold", str(SIMILARITY), True)))
    candidates = []
    credited = Person.id.in_(select(Credit.person_id).join(Film).where(Film.status == "published"))
    for column, where in ((Film.title, Film.status == "published"), (Person.name, credited)):
        folded = folded_sql(column)
        # `<%` (word similarity above the threshold) is what the trigram index answers.
        part = select(column.label("text"), func.word_similarity(literal(query), folded).label("score")).where(
            literal(query).op("<%")(folded))
        candidates.append(part.where(where))
    both = union_all(*candidates).subquery()
    return session.scalar(select(both.c.text).order_by(both.c.score.desc(), both.c.text).limit(1))


def _closest_on_sqlite(session, query):
    titles = session.scalars(select(Film.title).where(Film.status == "published")).all()
    names = session.scalars(select(Person.name).join(Credit).join(Film).where(Film.status == "published")).all()
    by_folded = {fold(text): text for text in [*titles, *names]}
    # Compare with each word of a title too: "pirgoue" is close to "pirogue", not to "la pirogue".
    pieces = {}
    for folded, text in by_folded.items():
        pieces.setdefault(folded, text)
        for word in folded.replace("'", " ").replace("\u2019", " ").split():
            pieces.setdefault(word, text)
    close = difflib.get_close_matches(query, list(pieces), n=1, cutoff=0.7)
    return pieces[close[0]] if close else None
