"""A catalogue and a crowd the size we plan for, built in set-based SQL for measuring the server.

Every row is made by `INSERT … SELECT … FROM generate_series` on PostgreSQL: no Python loop
per row, so 5,000 films, 100,000 contributions and 1,000,000 viewings take a minute or two.
Counters stay exact, as production keeps them: `projects.raised_fcfa` and `contributors_count`
are the sum and count of succeeded contributions, `films.views_count` the number of daily
views. The rows are added beside whatever is there (the demo seed, say); the new films are
the ones whose id is above the largest id found at the start.
"""
from sqlalchemy import text

from app.catalog.countries import COUNTRIES as COUNTRY_NAMES
from app.catalog.search import ACCENTED, PLAIN, fold
from app.demo import data
from app.extensions import db

WORDS = ["soleil", "riviere", "marche", "lagune", "village", "harmattan", "pirogue", "savane", "cinema",
         "tambour", "pagne", "baobab", "pluie", "frontiere", "ecole", "musique", "route", "lutte",
         "griot", "mangue"]
FIRST_NAMES = ["Afi", "Kossi", "Mariam", "Ousmane", "Awa", "Kwame", "Fatou", "Yao", "Edem", "Aicha", "Komi", "Esi"]
LAST_NAMES = ["Mensah", "Agbodjan", "Traore", "Diallo", "Ndiaye", "Asante", "Sow", "Kouassi", "Kpodar",
              "Ouedraogo", "Adjovi", "Boateng"]
COUNTRIES = ["TG", "BJ", "BF", "CI", "SN", "ML", "GH", "NE"]
AMOUNTS = [500, 1000, 2000, 5000, 10000, 25000, 50000]


def _array(values):
    if isinstance(values[0], int):
        return "ARRAY[" + ",".join(str(v) for v in values) + "]"
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def build(films, projects, contributions, viewings):
    """Adds the rows and returns how many of each; the caller commits. PostgreSQL only."""
    if db.session.get_bind().dialect.name != "postgresql":
        raise ValueError("the scaled data set needs PostgreSQL (generate_series)")
    run = lambda sql, **params: db.session.execute(text(sql), params)  # noqa: E731
    _ensure_genres(run)
    film_base = run("SELECT coalesce(max(id), 0) FROM films").scalar()
    person_base = run("SELECT coalesce(max(id), 0) FROM people").scalar()
    project_base = run("SELECT coalesce(max(id), 0) FROM projects").scalar()
    _add_people(run, person_base)
    _add_films(run, film_base, person_base, films)
    _add_projects(run, film_base, project_base, min(projects, films))
    if projects:
        _add_contributions(run, project_base, contributions)
    _add_viewings(run, film_base, films, viewings)
    return {"films": films, "projects": min(projects, films), "contributions": contributions if projects else 0,
            "viewings": viewings}


def analyze():
    """Fresh planner statistics after a bulk load (outside a transaction block is not needed)."""
    for table in ("films", "film_genres", "credits", "people", "projects", "contributions", "viewings", "daily_views"):
        db.session.execute(text(f"ANALYZE {table}"))


def _ensure_genres(run):
    for slug, name_fr, name_en in data.GENRES:
        run("INSERT INTO genres (slug, name_fr, name_en) VALUES (:slug, :fr, :en) ON CONFLICT (slug) DO NOTHING",
            slug=slug, fr=name_fr, en=name_en)


def _add_people(run, base):
    run(f"""INSERT INTO people (slug, name, bio)
        SELECT 'personne-' || (:base + n), f.name || ' ' || l.name, ''
        FROM generate_series(0, {len(FIRST_NAMES) * len(LAST_NAMES) - 1}) AS n
        CROSS JOIN LATERAL (SELECT ({_array(FIRST_NAMES)})[1 + n % {len(FIRST_NAMES)}] AS name) f
        CROSS JOIN LATERAL (SELECT ({_array(LAST_NAMES)})[1 + n / {len(FIRST_NAMES)}] AS name) l""", base=base)


def _add_films(run, base, person_base, count):
    words, w = _array(WORDS), len(WORDS)
    run(f"""INSERT INTO films (slug, title, synopsis, duration_s, year, country_code, language, status, video_status,
                poster_color, is_featured, views_count, rating_count, rating_sum, search_text, created_at, published_at)
        SELECT 'film-' || (:base + n), t.title, t.synopsis, 5400, 1990 + n % 35,
               ({_array(COUNTRIES)})[1 + n % {len(COUNTRIES)}], 'français', 'published', 'none',
               '#' || lpad(to_hex((n::bigint * 2654435) % 16777216), 6, '0'), n % 97 = 0, 0, 0, 0,
               lower(t.title || ' ' || t.synopsis), now() - n * interval '1 hour', now() - n * interval '1 hour'
        FROM generate_series(1, :count) AS n
        CROSS JOIN LATERAL (SELECT
            initcap(({words})[1 + n % {w}] || ' ' || ({words})[1 + (n / {w}) % {w}]) || ' ' || n AS title,
            'Une histoire de ' || ({words})[1 + (n / 3) % {w}] || ' et de ' || ({words})[1 + (n / 7) % {w}]
              || ', au bord de la ' || ({words})[1 + (n / 11) % {w}] || '.' AS synopsis) t""",
        base=base, count=count)
    scale_films = "SELECT id FROM films WHERE id > :base"
    run(f"""INSERT INTO film_genres (film_id, genre_id)
        SELECT f.id, g.id FROM ({scale_films}) f
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM genres) g
          ON g.k = f.id % g.total OR g.k = (f.id / 5) % g.total""", base=base)
    run(f"""INSERT INTO credits (film_id, person_id, role, position)
        SELECT f.id, p.id, 'director', 0 FROM ({scale_films}) f
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total
              FROM people WHERE id > :person_base) p ON p.k = f.id % p.total""", base=base, person_base=person_base)
    # Searchable like the films the studio makes: title, synopsis and the director's name.
    run("""UPDATE films f SET search_text = f.search_text || ' ' || lower(p.name)
        FROM credits c JOIN people p ON p.id = c.person_id
        WHERE c.film_id = f.id AND c.role = 'director' AND f.id > :base""", base=base)
    # ... and its country and genre names in both languages (app.catalog.search.search_text_for).
    quoted = {code: fold(" ".join(COUNTRY_NAMES[code])).replace("'", "''") for code in COUNTRIES}  # Côte d'Ivoire
    places = ", ".join(f"('{code}', '{names}')" for code, names in quoted.items())
    run(f"""UPDATE films f SET search_text = f.search_text || ' ' || p.names
        FROM (VALUES {places}) AS p (code, names) WHERE p.code = f.country_code AND f.id > :base""", base=base)
    run(f"""UPDATE films f SET search_text = f.search_text || ' ' || translate(lower(g.names), '{ACCENTED}', '{PLAIN}')
        FROM (SELECT fg.film_id, string_agg(g.name_fr || ' ' || g.name_en, ' ') AS names
              FROM film_genres fg JOIN genres g ON g.id = fg.genre_id GROUP BY fg.film_id) g
        WHERE g.film_id = f.id AND f.id > :base""", base=base)


def _add_projects(run, film_base, base, count):
    run("""INSERT INTO projects (short_code, film_id, title, pitch, synopsis, technical_sheet, poster_color, goal_fcfa,
                raised_fcfa, contributors_count, milestone_pct, funding_model, status, review_comment, ends_at,
                created_at, submitted_at, went_live_at)
        SELECT 'S' || lpad((:base + k)::text, 6, '0'), f.id, 'Le prochain film : ' || f.title,
               'Aidez-nous a tourner la suite de ' || f.title || '.', f.synopsis, 'Format : HD 16/9', f.poster_color,
               500000 + (k % 20) * 100000, 0, 0, 0,
               CASE WHEN k % 3 = 0 THEN 'all_or_nothing' ELSE 'flexible' END,
               CASE WHEN k % 5 = 0 THEN 'funded' ELSE 'live' END, '',
               now() + (1 + k % 60) * interval '1 day', now() - interval '60 days', now() - interval '55 days',
               now() - interval '50 days'
        FROM (SELECT id, title, synopsis, poster_color, row_number() OVER (ORDER BY id) AS k
              FROM films WHERE id > :film_base) f
        WHERE k <= :count""", base=base, film_base=film_base, count=count)
    scale_projects = "SELECT id FROM projects WHERE id > :base"
    run(f"""INSERT INTO rewards (project_id, title, description, min_amount_fcfa, quantity, claimed_count)
        SELECT p.id, r.title, '', r.amount, NULL, 0 FROM ({scale_projects}) p
        CROSS JOIN (VALUES ('Merci au generique', 1000), ('Affiche signee', 5000), ('Invitation a l''avant-premiere', 25000))
          AS r(title, amount)""", base=base)
    run(f"""INSERT INTO budget_lines (project_id, label, amount_fcfa, position)
        SELECT p.id, b.label, pr.goal_fcfa * b.share / 100, b.pos FROM ({scale_projects}) p
        JOIN projects pr ON pr.id = p.id
        CROSS JOIN (VALUES ('Tournage', 60, 0), ('Montage', 25, 1), ('Diffusion', 15, 2)) AS b(label, share, pos)""",
        base=base)
    run(f"""INSERT INTO project_updates (project_id, title, body, created_at)
        SELECT p.id, 'Les reperages ont commence', 'Merci a toutes et a tous.', now() - interval '10 days'
        FROM ({scale_projects}) p""", base=base)


def _add_contributions(run, base, count):
    names = _array(FIRST_NAMES)
    run(f"""INSERT INTO contributions (project_id, amount_fcfa, display_name, message, is_anonymous, status,
                created_at, succeeded_at)
        SELECT p.id, ({_array(AMOUNTS)})[1 + n % {len(AMOUNTS)}],
               CASE WHEN n % 4 = 0 THEN NULL ELSE ({names})[1 + n % {len(FIRST_NAMES)}] END, '', n % 4 = 0,
               CASE WHEN n % 10 = 0 THEN 'failed' WHEN n % 10 = 1 THEN 'pending' ELSE 'succeeded' END,
               now() - n * interval '1 minute',
               CASE WHEN n % 10 > 1 THEN now() - n * interval '1 minute' END
        FROM generate_series(1, :count) AS n
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total
              FROM projects WHERE id > :base) p ON p.k = n % p.total""", base=base, count=count)
    # The ledger rule: raised = sum of succeeded contributions, contributors = their count.
    run("""UPDATE projects p SET raised_fcfa = s.total, contributors_count = s.n,
               milestone_pct = CASE WHEN s.total >= p.goal_fcfa THEN 100 WHEN s.total * 2 >= p.goal_fcfa THEN 50 ELSE 0 END
        FROM (SELECT project_id, sum(amount_fcfa) AS total, count(*) AS n FROM contributions
              WHERE status = 'succeeded' AND project_id > :base GROUP BY project_id) s
        WHERE p.id = s.project_id""", base=base)


def _add_viewings(run, film_base, films, count):
    """One viewing and one daily view per (viewer, film); each viewer sees distinct films."""
    viewers = max(1, -(-count // min(films, 50)))  # at most 50 films per viewer
    run("""CREATE TEMP TABLE scale_films ON COMMIT DROP AS
        SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM films WHERE id > :base""", base=film_base)
    run("""INSERT INTO viewings (viewer_key, film_id, position_s, completed, started_at, updated_at)
        SELECT 'b' || (n % :viewers), f.id, (n * 37) % 5400, n % 3 = 0, now() - (n % 30) * interval '1 day',
               now() - (n % 30) * interval '1 day'
        FROM generate_series(0, :count - 1) AS n
        JOIN scale_films f ON f.k = (n / :viewers + (n % :viewers) * 13) % :films""",
        viewers=viewers, count=count, films=films)
    run("""INSERT INTO daily_views (film_id, viewer_key, day)
        SELECT film_id, viewer_key, (updated_at AT TIME ZONE 'UTC')::date FROM viewings
        WHERE film_id > :base AND viewer_key LIKE 'b%'""", base=film_base)
    run("""UPDATE films f SET views_count = f.views_count + d.n
        FROM (SELECT film_id, count(*) AS n FROM daily_views WHERE film_id > :base AND viewer_key LIKE 'b%'
              GROUP BY film_id) d
        WHERE f.id = d.film_id""", base=film_base)
