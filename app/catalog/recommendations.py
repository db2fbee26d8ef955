"""Films to watch next, from what other viewers watched.

"Because you watched …": the films most often watched by the latest viewers of a film. One
statement, bounded by `RECENT_VIEWERS` (read on `ix_viewings_film_id_updated_at`, then each
viewer's rows on the `(viewer_key, film_id)` unique index), so a film watched a million times
costs as much as one watched a thousand. The film page that shows it is a shared cached page,
so it runs at most once a minute per film, language and data-saver mode.
"""
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.catalog.models import Film
from app.extensions import db
from app.watch.models import Viewing

RECENT_VIEWERS = 500


def co_watched(film, limit):
    """Published films the latest viewers of `film` also watched, most shared viewers first."""
    viewers = (select(Viewing.viewer_key).where(Viewing.film_id == film.id)
               .order_by(Viewing.updated_at.desc()).limit(RECENT_VIEWERS).subquery())
    other = aliased(Viewing)
    shared = (select(other.film_id, func.count().label("viewers"))
              .join(viewers, other.viewer_key == viewers.c.viewer_key)
              .where(other.film_id != film.id).group_by(other.film_id).subquery())
    query = (select(Film).join(shared, shared.c.film_id == Film.id).where(Film.status == "published")
             .order_by(shared.c.viewers.desc(), Film.views_count.desc(), Film.id).limit(limit))
    return db.session.scalars(query).all()
