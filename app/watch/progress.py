"""Where each viewer stopped, what they watched, and daily views for "most watched".

With WATCH_BUFFER positions and counters go to Redis first (app/watch/buffer.py) and every
read here merges them over the table; if Redis fails, they are written through at once.
"""
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.catalog import freshness
from app.catalog.models import Film
from app.extensions import db
from app.ops import traffic
from app.timeutil import as_utc, utcnow
from app.watch import buffer
from app.watch.models import DailyView, Viewing

log = logging.getLogger(__name__)

COMPLETED_SHARE = 0.9
VISITOR_COOKIE = "vk"


def viewer_key(user, cookies):
    """Members are "u<id>"; visitors carry a random "v…" key in a cookie (new_visitor_key)."""
    if user is not None and user.is_authenticated:
        return f"u{user.id}"
    key = cookies.get(VISITOR_COOKIE, "")
    return key if key.startswith("v") and 8 <= len(key) <= 40 and key[1:].isalnum() else None


def new_visitor_key():
    return "v" + secrets.token_hex(12)


@dataclass(frozen=True)
class Position:
    """Where a viewer stopped in a film, from the table or the buffer, whichever is newer."""

    film_id: int
    position_s: int
    completed: bool
    updated_at: datetime


def position_of(key, film_id):
    if key is None:
        return None
    row = _viewing_row(key, film_id)
    stored = Position(film_id, row.position_s, row.completed, as_utc(row.updated_at)) if row else None
    return _merged(stored, _buffered(key).get(film_id), film_id)


def _viewing_row(key, film_id):
    return db.session.scalar(select(Viewing).where(Viewing.viewer_key == key, Viewing.film_id == film_id))


def _buffered(key):
    if not buffer.enabled():
        return {}
    try:
        return buffer.buffered_positions(key)
    except RedisError as error:
        log.warning("buffered positions unreadable: %s", error)
        return {}


def _merged(stored, buffered, film_id):
    if buffered is None:
        return stored
    position_s, completed, updated_at = buffered
    if stored is not None and stored.updated_at > updated_at:
        return stored
    return Position(film_id, position_s, completed or bool(stored and stored.completed), updated_at)


def record_position(key, user_id, film, position_s):
    """Saves the position (completed at 90 %) and counts the viewer once today; flushes."""
    position_s = max(0, min(int(position_s), film.duration_s or int(position_s)))
    completed = bool(film.duration_s and position_s >= film.duration_s * COMPLETED_SHARE)
    if buffer.enabled():
        try:
            buffer.save_position(key, user_id, film.id, position_s, completed)
            freshness.mark_changed(db.session, freshness.viewer(key))
            if buffer.first_view_today(key, film.id, date.today()):
                _count_view(key, film.id)
            db.session.flush()
            return
        except RedisError as error:
            log.warning("position written through, Redis failed: %s", error)
    viewing = _viewing_row(key, film.id)
    if viewing is None:
        viewing = Viewing(viewer_key=key, user_id=user_id, film_id=film.id)
        db.session.add(viewing)
    viewing.position_s = position_s
    viewing.updated_at = utcnow()
    viewing.completed = viewing.completed or completed
    _count_view(key, film.id)
    db.session.flush()


def _count_view(key, film_id):
    """One view per viewer per film per day; the counter moves only when the row is new."""
    try:
        with db.session.begin_nested():
            db.session.add(DailyView(film_id=film_id, viewer_key=key, day=date.today()))
            db.session.flush()
    except IntegrityError:
        return
    _add_to_film(film_id, views=1)


def _add_to_film(film_id, bytes_served=0, views=0):
    if buffer.enabled():
        try:
            buffer.add_to_film(film_id, bytes_served=bytes_served, views=views)
            return
        except RedisError as error:
            log.warning("film counters written through, Redis failed: %s", error)
    db.session.execute(update(Film).where(Film.id == film_id).values(
        bytes_served=Film.bytes_served + bytes_served, views_count=Film.views_count + views))


def history(key, limit=50, unfinished=False):
    """(Position, Film) of the films this viewer watched (`unfinished`: started and not
    finished), most recent first."""
    if key is None:
        return []
    query = (select(Viewing, Film).join(Film, Film.id == Viewing.film_id)
             .where(Viewing.viewer_key == key, Film.status == "published")
             .order_by(Viewing.updated_at.desc()).limit(limit))
    if unfinished:
        query = query.where(Viewing.completed.is_(False), Viewing.position_s > 0)
    entries = {film.id: (Position(film.id, row.position_s, row.completed, as_utc(row.updated_at)), film)
               for row, film in db.session.execute(query).all()}
    buffered = _buffered(key)
    missing = set(buffered) - set(entries)
    if missing:
        films = db.session.scalars(select(Film).where(Film.id.in_(missing), Film.status == "published"))
        entries.update({film.id: (None, film) for film in films})
    merged = [(_merged(stored, buffered.get(film_id), film_id), film) for film_id, (stored, film) in entries.items()]
    return sorted(merged, key=lambda entry: entry[0].updated_at, reverse=True)[:limit]


def continue_watching(key, limit=8):
    """Films started and not finished, most recent first."""
    return [(viewing, film) for viewing, film in history(key, limit, unfinished=True)
            if not viewing.completed and viewing.position_s > 0][:limit]


def count_bytes_served(film_id, size):
    """What a film cost in data, as the filmmaker sees it (counted as it is sent, ranges too);
    buffered, it reaches the film's figures at the next flush. Also the day's video bytes of
    the team's report (app/ops/traffic.py)."""
    if size:
        _add_to_film(film_id, bytes_served=size)
        traffic.count(current_app, "video", size)
