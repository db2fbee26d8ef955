"""trigram search on titles and names; country and genre names in the search text

"pirgoue" and "Kosi" found nothing: when the exact search finds nothing, the search page
offers the closest title or credited name (pg_trgm's word similarity, answered by GIN
trigram indexes on the folded title and name; the expression is the one of
app/catalog/search.py `folded_sql`). The search text of every film gains its country and
genre names in French and English, so "togo", "Sénégal" and "drame" find films.

Revision ID: c4d8e2f6a1b3
Revises: f3a9c7d2b1e5
Create Date: 2026-12-01 22:20:00
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "c4d8e2f6a1b3"
down_revision = "f3a9c7d2b1e5"
branch_labels = None
depends_on = None

ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿœ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyo"
FOLDED_TITLE = f"translate(lower(title), '{ACCENTED}', '{PLAIN}')"
FOLDED_NAME = f"translate(lower(name), '{ACCENTED}', '{PLAIN}')"


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def upgrade():
    from app.catalog.countries import COUNTRIES

    bind = op.get_bind()
    genres = {}
    for film_id, name_fr, name_en in bind.execute(sa.text(
            "SELECT fg.film_id, g.name_fr, g.name_en FROM film_genres fg JOIN genres g ON g.id = fg.genre_id")):
        genres.setdefault(film_id, []).extend([name_fr, name_en])
    for film_id, country_code, search_text in bind.execute(sa.text(
            "SELECT id, country_code, search_text FROM films")).all():
        extra = " ".join([*COUNTRIES.get(country_code, ()), *genres.get(film_id, [])])
        if extra:
            bind.execute(sa.text("UPDATE films SET search_text = :text WHERE id = :id"),
                         {"text": f"{search_text or ''} {_fold(extra)}", "id": film_id})
    if bind.dialect.name != "postgresql":
        return  # SQLite suggests with difflib (app/catalog/search.py)
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(f"CREATE INDEX ix_films_title_trgm ON films USING gin (({FOLDED_TITLE}) gin_trgm_ops) WITH (fastupdate = off)")
    op.execute(f"CREATE INDEX ix_people_name_trgm ON people USING gin (({FOLDED_NAME}) gin_trgm_ops) WITH (fastupdate = off)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_people_name_trgm")
    op.execute("DROP INDEX IF EXISTS ix_films_title_trgm")
