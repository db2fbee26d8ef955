"""Demo data real enough to use: films with posters and video, people, projects, money.

Every counter is derived from the rows it counts (views, ratings, money raised), so the
demo passes the same consistency checks as production data.
"""
import logging
import os
import random
import tempfile
import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from app.accounts.models import Rating, User
from app.catalog import search
from app.catalog.models import Credit, Film, Genre, Person
from app.creators.models import CreatorCheck
from app.demo import art, community, data
from app.demo.real_film import CREDIT as REAL_FILM_CREDIT
from app.extensions import db
from app.funding.models import BudgetLine, Contribution, Project, ProjectUpdate, Reward
from app.media import posters, video
from app.payments.models import Payment
from app.timeutil import utcnow
from app.watch.jobs import attach_source
from app.watch.models import DailyView

log = logging.getLogger(__name__)


def is_empty():
    return db.session.scalar(select(func.count()).select_from(Film)) == 0


def seed(films=None, with_video=True, seconds=12, real_film=None):
    """Creates the demo catalogue; `films` limits how many (tests want fewer).

    With `real_film` (a path: app.demo.real_film), the first, featured title plays that film
    instead of a test pattern. Sources are put in place, not transcoded: `flask watch
    transcode --pending` does that (scripts/run starts it beside the server)."""
    rng = random.Random(228)
    genres = {slug: Genre(slug=slug, name_fr=fr, name_en=en) for slug, fr, en in data.GENRES}
    people = {key: Person(slug=search.fold(name).replace(" ", "-"), name=name) for key, name in data.PEOPLE.items()}
    db.session.add_all([*genres.values(), *people.values()])
    makers = {key: User(phone=f"+2289000{i:04d}", display_name=name, role="filmmaker", country_code="TG")
              for i, (key, name) in enumerate(data.PEOPLE.items(), start=1)}
    viewers = [User(phone=f"+2287000{i:04d}", display_name=f"Spectateur {i}") for i in range(1, 13)]
    db.session.add_all([*makers.values(), *viewers])
    db.session.flush()
    # Their projects are live, so their creator checks were approved (no identity document in the demo).
    db.session.add_all([CreatorCheck(user_id=maker.id, status="approved") for maker in makers.values()])

    chosen = data.FILMS[:films] if films else data.FILMS
    by_slug = {}
    now = utcnow()
    for index, (slug, title, year, country, language, genre_slugs, director, cast, synopsis) in enumerate(chosen):
        film = Film(slug=slug, title=title, year=year, country_code=country, language=language, synopsis=synopsis,
                    status="published", owner_id=makers[director].id, is_featured=index % 5 == 0,
                    published_at=now - timedelta(days=3 * index + 1))
        film.genres = [genres[g] for g in genre_slugs]
        film.credits = [Credit(person=people[director], role="director", position=0)]
        film.credits += [Credit(person=people[key], role="actor", position=i + 1) for i, key in enumerate(cast)]
        db.session.add(film)
        db.session.flush()
        film.search_text = search.search_text_for(film)
        film.poster_key, film.poster_color = posters.store_poster(
            "films", film.id, art.draw_poster(title, data.PEOPLE[director], seed=slug))
        if with_video and video.have_ffmpeg():
            _add_video(film, index, seconds, real_film if index == 0 else None)
        _add_views_and_ratings(film, viewers, rng)
        by_slug[slug] = film

    for project_spec in data.PROJECTS:
        if project_spec[0] in by_slug:
            _add_project(by_slug[project_spec[0]], project_spec, rng)
    db.session.flush()
    if len(by_slug) > 1:
        community.seed(list(by_slug.values()), viewers)
    return list(by_slug.values())


def _add_video(film, index, seconds, real_film):
    if real_film:
        attach_source(film, real_film, queue=False)
        film.synopsis = f"{film.synopsis} (Images : {REAL_FILM_CREDIT}.)"  # CC-BY asks for the credit
        return
    with tempfile.TemporaryDirectory(prefix="karangou-demo-") as folder:
        made = video.make_test_film(os.path.join(folder, "demo.mp4"), film.title, seconds=seconds,
                                    tone=220 + 20 * index)
        attach_source(film, made, move=True, queue=False)


def _add_views_and_ratings(film, viewers, rng):
    today = date.today()
    keys = {(f"v{rng.randrange(10**9):x}", today - timedelta(days=rng.randrange(30))) for _ in range(rng.randrange(3, 60))}
    db.session.add_all(DailyView(film_id=film.id, viewer_key=k, day=d) for k, d in keys)
    film.views_count = len(keys)
    raters = rng.sample(viewers, rng.randrange(0, 6))
    for user in raters:
        db.session.add(Rating(user_id=user.id, film_id=film.id, stars=rng.randint(3, 5)))
    db.session.flush()
    film.rating_count = len(raters)
    film.rating_sum = db.session.scalar(select(func.coalesce(func.sum(Rating.stars), 0)).where(Rating.film_id == film.id))


def _add_project(film, spec, rng):
    _slug, code, title, pitch, goal, status, model, days = spec
    now = utcnow()
    project = Project(
        short_code=code, owner_id=film.owner_id, film_id=film.id, title=title, pitch=pitch,
        synopsis=f"{pitch} {film.synopsis}", goal_fcfa=goal, funding_model=model, status=status,
        technical_sheet="Format : HD 16/9\nDurée prévue : 90 min\nLangues : " + (film.language or "français"),
        ends_at=now + timedelta(days=days), submitted_at=now - timedelta(days=60),
        went_live_at=now - timedelta(days=50), ended_at=now if status == "funded" else None,
    )
    project.rewards = [Reward(title=t, description=d, min_amount_fcfa=a, quantity=q) for t, d, a, q in data.REWARDS]
    project.budget_lines = [BudgetLine(label=label, amount_fcfa=goal * share // 100, position=i)
                            for i, (label, share) in enumerate(data.BUDGET)]
    db.session.add(project)
    db.session.flush()
    db.session.add(ProjectUpdate(project_id=project.id, author_id=film.owner_id, title="Les repérages ont commencé",
                                 body="Merci à toutes et à tous : grâce à vous, l'équipe est sur le terrain."))
    target = goal + goal // 10 if status == "funded" else goal * rng.randrange(10, 80) // 100
    while project.raised_fcfa < target:
        amount = rng.choice([500, 1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000])
        _add_paid_contribution(project, amount, rng)


def _add_paid_contribution(project, amount, rng):
    name = rng.choice(data.CONTRIBUTOR_NAMES)
    reward = next((r for r in reversed(project.rewards)
                   if r.min_amount_fcfa <= amount and (r.remaining is None or r.remaining > 0)), None)
    contribution = Contribution(project_id=project.id, amount_fcfa=amount, display_name=name,
                                is_anonymous=name is None, status="succeeded", succeeded_at=utcnow(), reward=reward)
    db.session.add(contribution)
    db.session.flush()
    if reward is not None:
        reward.claimed_count += 1
    method = rng.choice(["flooz", "tmoney"])
    reference = uuid.uuid4().hex
    db.session.add(Payment(
        contribution_id=contribution.id, provider="paygate", method=method, amount_fcfa=amount,
        phone=f"+228{'9' if method == 'flooz' else '7'}{rng.randrange(10**7):07d}", status="succeeded",
        reference=reference, provider_reference=f"demo-{reference[:12]}", idempotency_key=reference,
        short_code=reference[:10], finished_at=utcnow(),
    ))
    project.raised_fcfa += amount
    project.contributors_count += 1
