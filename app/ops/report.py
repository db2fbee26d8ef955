"""The team's daily report: viewings, contributions, top films and projects, bytes served.

`build` (run by `flask ops daily-report`, once a day from cron) recomputes each of the last
30 days from the rows themselves and writes one `DailyReport` per day; running it again
gives the same rows. Days are UTC dates, which are Lomé's.

- viewings: `daily_views` rows of the day (one per viewer and film: what "most watched"
  counts), unique viewers: distinct viewer keys among them;
- contributions: succeeded ones (counted in their project's total), by the day they were
  made, in whole FCFA;
- page and video bytes: copied from the day's Redis counters (app/ops/traffic.py); a day
  Redis no longer holds keeps what was copied before, a day never counted stays empty.
"""
from collections import Counter, defaultdict
from datetime import date, timedelta

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import func, select

from app.catalog.models import Film
from app.extensions import db
from app.funding.models import Contribution, Project
from app.ops import traffic
from app.ops.models import DailyReport
from app.timeutil import as_utc, utcnow
from app.watch.models import DailyView

DAYS = 30
TOP = 5


def build(days=DAYS, today=None):
    """Writes the report rows of the `days` days ending `today` (included, so far); flushes."""
    today = today or utcnow().date()
    span = [today - timedelta(days=n) for n in range(days)]
    first = span[-1]
    views = _viewings(first)
    films = _top_films(first)
    money, projects = _contributions(first)
    try:
        measured = traffic.counted(current_app, span)
    except RedisError:
        measured = None
    rows = []
    for day in span:
        row = db.session.get(DailyReport, day) or DailyReport(day=day)
        row.viewings, row.unique_viewers = views.get(day, (0, 0))
        row.contributions_count, row.contributions_fcfa = money.get(day, (0, 0))
        row.top_films = films.get(day, [])
        row.top_projects = projects.get(day, [])
        if measured is not None:
            for kind in traffic.KINDS:
                if (kind, day) in measured:
                    setattr(row, f"{kind}_bytes", measured[(kind, day)])
        row.updated_at = utcnow()
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


def _viewings(first):
    query = (select(DailyView.day, func.count(), func.count(func.distinct(DailyView.viewer_key)))
             .where(DailyView.day >= first).group_by(DailyView.day))
    return {_as_date(day): (count, viewers) for day, count, viewers in db.session.execute(query)}


def _top_films(first):
    query = (select(DailyView.day, Film.title, Film.slug, func.count().label("n"))
             .join(Film, Film.id == DailyView.film_id).where(DailyView.day >= first)
             .group_by(DailyView.day, Film.id, Film.title, Film.slug))
    by_day = defaultdict(list)
    for day, title, slug, count in db.session.execute(query):
        by_day[_as_date(day)].append({"title": title, "slug": slug, "viewings": count})
    return {day: sorted(found, key=lambda f: (-f["viewings"], f["title"]))[:TOP] for day, found in by_day.items()}


def _contributions(first):
    """({day: (count, FCFA)}, {day: top projects}) of succeeded contributions made since `first`."""
    since = utcnow().replace(year=first.year, month=first.month, day=first.day, hour=0, minute=0, second=0,
                             microsecond=0)
    query = (select(Contribution.created_at, Contribution.amount_fcfa, Project.id, Project.title, Project.short_code)
             .join(Project, Project.id == Contribution.project_id)
             .where(Contribution.status == "succeeded", Contribution.created_at >= since))
    totals = defaultdict(lambda: [0, 0])
    per_project = defaultdict(Counter)
    counts = defaultdict(Counter)
    names = {}
    for created_at, amount, project_id, title, code in db.session.execute(query):
        day = as_utc(created_at).date()
        totals[day][0] += 1
        totals[day][1] += int(amount)
        per_project[day][project_id] += int(amount)
        counts[day][project_id] += 1
        names[project_id] = (title, code)
    tops = {day: [{"title": names[pid][0], "code": names[pid][1], "fcfa": fcfa, "count": counts[day][pid]}
                  for pid, fcfa in sorted(found.items(), key=lambda item: (-item[1], item[0]))[:TOP]]
            for day, found in per_project.items()}
    return {day: tuple(values) for day, values in totals.items()}, tops


def _as_date(value):
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def latest(days=DAYS):
    """The stored rows of the last `days` days, newest first."""
    first = utcnow().date() - timedelta(days=days - 1)
    return db.session.scalars(select(DailyReport).where(DailyReport.day >= first)
                              .order_by(DailyReport.day.desc())).all()
