"""`flask demo scale` builds a large data set in bulk, with counters as exact as production's."""
from sqlalchemy import text

from app.extensions import db


def _one(sql):
    return db.session.execute(text(sql)).one()


def test_scale_builds_the_asked_rows_with_exact_counters(app, runner):
    result = runner.invoke(args=["demo", "scale", "--films", "60", "--projects", "7", "--contributions", "500",
                                 "--viewings", "900"])
    assert result.exit_code == 0, result.output
    assert _one("SELECT count(*) FROM films WHERE status = 'published'") == (60,)
    assert _one("SELECT count(*), count(DISTINCT film_id) FROM projects") == (7, 7)
    assert _one("SELECT count(*) FROM contributions") == (500,)
    assert _one("SELECT count(*) FROM viewings") == (900,)
    # raised = sum of succeeded contributions, contributors = their count, project by project
    assert _one("""SELECT count(*) FROM projects p WHERE p.raised_fcfa IS DISTINCT FROM
        (SELECT sum(amount_fcfa) FROM contributions c WHERE c.project_id = p.id AND c.status = 'succeeded')
        OR p.contributors_count <> (SELECT count(*) FROM contributions c
                                   WHERE c.project_id = p.id AND c.status = 'succeeded')""") == (0,)
    assert _one("SELECT sum(views_count) FROM films") == (900,)
    assert _one("""SELECT count(*) FROM films f
        WHERE f.views_count <> (SELECT count(*) FROM daily_views d WHERE d.film_id = f.id)""") == (0,)
    # every film has a director whose name is searchable, and a genre
    assert _one("""SELECT count(*) FROM films f WHERE NOT EXISTS (SELECT 1 FROM credits c
        JOIN people p ON p.id = c.person_id WHERE c.film_id = f.id AND c.role = 'director'
        AND f.search_text LIKE '%' || lower(p.name) || '%')
        OR NOT EXISTS (SELECT 1 FROM film_genres g WHERE g.film_id = f.id)""") == (0,)
    # ... and its country and genres, in both languages, as the studio writes them
    assert _one("""SELECT count(*) FROM films f WHERE f.country_code = 'CI'
        AND f.search_text NOT LIKE '%cote d''ivoire%'""") == (0,)
    assert _one("""SELECT count(*) FROM films f JOIN film_genres fg ON fg.film_id = f.id JOIN genres g
        ON g.id = fg.genre_id WHERE f.search_text NOT LIKE '%' || lower(g.name_en) || '%'""") == (0,)


def test_scale_adds_beside_existing_rows(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["demo", "scale", "--films", "20", "--projects", "3", "--contributions", "40",
                                     "--viewings", "100"])
        assert result.exit_code == 0, result.output
    assert _one("SELECT count(*), count(DISTINCT slug), sum(views_count) FROM films") == (40, 40, 200)
    assert _one("SELECT count(*), sum(contributors_count) FROM projects") == (6, 64)


def test_scale_refuses_sqlite_with_a_clear_message(sqlite_app):
    result = sqlite_app.test_cli_runner().invoke(args=["demo", "scale", "--films", "5"])
    assert result.exit_code == 1
    assert "PostgreSQL" in result.output
