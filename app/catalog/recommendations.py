"""Films to watch next, from what other viewers watched.

"Because you watched …": the films most often watched by the latest viewers of a film. One
statement, bounded by `RECENT_VIEWERS` (read on `ix_viewings_film_id_updated_at`, then each
viewer's rows on the `(viewer_key, film_id)` unique index), so a film watched a million times
costs as much as one watched a thousand. The film page that shows it is a shared cached page,
so it runs at most once a minute per film, language and data-saver mode.

"For you": the same co-watching, from the films a viewer watched lately, kept in their list or
rated 4 or 5 stars, leaving out every film they watched, kept or rated. One statement too,
bounded by `RECENT_SEEDS` and `RECENT_VIEWERS`; it is a per-viewer personal part of the home
page (app/catalog/viewer_parts.py), so it runs again only when the viewer watches, keeps or
rates something, or a minute later.
"""
from sqlalchemy import func, select, union
from sqlalchemy.orm import aliased

from app.accounts.models import Favourite, Rating
from app.catalog.models import Film
from app.extensions import db
from app.watch.models import Viewing

RECENT_VIEWERS = 500
RECENT_SEEDS = 30


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


def for_viewer(viewer_key, user_id, limit):
    """Published films that viewers sharing this viewer's tastes watched and they did not."""
    watched = select(Viewing.film_id).where(Viewing.viewer_key == viewer_key)
    recent = watched.order_by(Viewing.updated_at.desc()).limit(RECENT_SEEDS)
    seeds, known = [recent], [watched]
    if user_id is not None:
        kept = select(Favourite.film_id).where(Favourite.user_id == user_id)
        rated = select(Rating.film_id).where(Rating.user_id == user_id)
        seeds += [kept.order_by(Favourite.created_at.desc()).limit(RECENT_SEEDS),
                  rated.where(Rating.stars >= 4).order_by(Rating.updated_at.desc()).limit(RECENT_SEEDS)]
        known += [kept, rated]
    seed_ids = union(*(select(s.subquery().c.film_id) for s in seeds)).subquery()
    known_ids = union(*known).subquery()
    viewers = (select(Viewing.viewer_key).where(Viewing.film_id.in_(select(seed_ids.c.film_id)),
                                                Viewing.viewer_key != viewer_key)
               .order_by(Viewing.updated_at.desc()).limit(RECENT_VIEWERS).subquery())
    other = aliased(Viewing)
    shared = (select(other.film_id, func.count().label("viewers"))
              .join(viewers, other.viewer_key == viewers.c.viewer_key)
              .where(other.film_id.not_in(select(known_ids.c.film_id))).group_by(other.film_id).subquery())
    query = (select(Film).join(shared, shared.c.film_id == Film.id).where(Film.status == "published")
             .order_by(shared.c.viewers.desc(), Film.views_count.desc(), Film.id).limit(limit))
    return db.session.scalars(query).all()
