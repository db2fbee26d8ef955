"""Where each viewer stopped, what they watched, and daily views for "most watched"."""
import secrets
from datetime import date

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.catalog.models import Film
from app.extensions import db
from app.ops import traffic
from app.timeutil import utcnow
from app.watch.models import DailyView, Viewing

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


def position_of(key, film_id):
    if key is None:
        return None
    return db.session.scalar(select(Viewing).where(Viewing.viewer_key == key, Viewing.film_id == film_id))


def record_position(key, user_id, film, position_s):
    """Saves the position (completed at 90 %) and counts the viewer once today; flushes."""
    position_s = max(0, min(int(position_s), film.duration_s or int(position_s)))
    viewing = position_of(key, film.id)
    if viewing is None:
        viewing = Viewing(viewer_key=key, user_id=user_id, film_id=film.id)
        db.session.add(viewing)
    viewing.position_s = position_s
    viewing.updated_at = utcnow()
    if film.duration_s and position_s >= film.duration_s * COMPLETED_SHARE:
        viewing.completed = True
    _count_view(key, film.id)
    db.session.flush()
    return viewing


def _count_view(key, film_id):
    """One view per viewer per film per day; the counter moves only when the row is new."""
    try:
        with db.session.begin_nested():
            db.session.add(DailyView(film_id=film_id, viewer_key=key, day=date.today()))
            db.session.flush()
    except IntegrityError:
        return
    db.session.execute(update(Film).where(Film.id == film_id).values(views_count=Film.views_count + 1))


def history(key, limit=50):
    if key is None:
        return []
    query = (select(Viewing, Film).join(Film, Film.id == Viewing.film_id)
             .where(Viewing.viewer_key == key, Film.status == "published")
             .order_by(Viewing.updated_at.desc()).limit(limit))
    return db.session.execute(query).all()


def continue_watching(key, limit=8):
    """Films started and not finished, most recent first."""
    return [(viewing, film) for viewing, film in history(key, limit * 2)
            if not viewing.completed and viewing.position_s > 0][:limit]


def count_bytes_served(film_id, size):
    """What a film cost in data, as the filmmaker sees it (counted as it is sent, ranges too),
    and in the day's video bytes of the team's report (app/ops/traffic.py)."""
    if size:
        db.session.execute(update(Film).where(Film.id == film_id).values(bytes_served=Film.bytes_served + size))
        traffic.count(current_app, "video", size)
