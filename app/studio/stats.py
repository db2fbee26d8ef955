"""Figures a filmmaker sees about their films and projects, computed in the database."""
from datetime import date, timedelta

from sqlalchemy import Date, case, func, select

from app import exports
from app.extensions import db
from app.funding import rewards
from app.funding.models import Contribution
from app.watch.models import DailyView, Viewing

DAYS = 30


def _series(rows, days, today):
    """A value per day for the last `days` days, zeros where nothing happened."""
    by_day = {day if isinstance(day, date) else date.fromisoformat(str(day)): value for day, value in rows}
    return [(today - timedelta(days=n), by_day.get(today - timedelta(days=n), 0)) for n in range(days - 1, -1, -1)]


def views_per_day(film_id, days=DAYS, today=None):
    today = today or date.today()
    rows = db.session.execute(
        select(DailyView.day, func.count())
        .where(DailyView.film_id == film_id, DailyView.day > today - timedelta(days=days))
        .group_by(DailyView.day)
    ).all()
    return _series(rows, days, today)


def average_completion(film_id, duration_s):
    """Mean share of the film watched, in whole percent (a completed viewing counts 100)."""
    if not duration_s:
        return None
    share = case(
        (Viewing.completed, 1.0),
        (Viewing.position_s >= duration_s, 1.0),
        else_=Viewing.position_s * 1.0 / duration_s,
    )
    value = db.session.scalar(select(func.avg(share)).where(Viewing.film_id == film_id))
    return None if value is None else round(float(value) * 100)


def contributions_per_day(project_id, days=DAYS, today=None):
    today = today or date.today()
    # date() is a function on both databases; CAST(… AS DATE) on SQLite gives the year alone.
    day = func.date(Contribution.succeeded_at, type_=Date)
    rows = db.session.execute(
        select(day, func.sum(Contribution.amount_fcfa))
        .where(Contribution.project_id == project_id, Contribution.status == "succeeded",
               Contribution.succeeded_at >= today - timedelta(days=days - 1))
        .group_by(day)
    ).all()
    return _series(rows, days, today)


def contributors_csv(project_id):
    """Each succeeded contribution: name, amount, date, message, reward, its delivery, and the
    contact to deliver it (app.funding.rewards: only where there is a reward to deliver)."""
    return exports.csv_text(
        ["name", "amount_fcfa", "reward", "date", "message", "reward_delivered", "phone", "email"],
        (["anonyme" if c.is_anonymous or not c.name else c.name, c.amount_fcfa, c.reward or "",
          c.paid_at.date().isoformat() if c.paid_at else "", c.message,
          (c.delivered_at.date().isoformat() if c.delivered_at else "no") if c.has_reward else "",
          c.phone, c.email] for c in rewards.contributions_of(project_id)))


def bar_chart(series, width=300, height=60):
    """Bars for an inline SVG: [(x, y, w, h, label)], scaled to the largest value."""
    top = max((v for _, v in series), default=0) or 1
    step = width / max(len(series), 1)
    bars = []
    for i, (day, value) in enumerate(series):
        h = round(value * (height - 2) / top, 1)
        bars.append((round(i * step, 1), round(height - h, 1), round(step * 0.8, 1), h, f"{day.isoformat()}: {value}"))
    return bars
