"""Favourites ("Ma liste"), ratings and comments; film counters stay exact.

Comments are public, so phone numbers and email addresses typed in them are masked before
they are stored: a number written in a comment would be harvested by anyone.
"""
import re

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Comment, CommentReport, Favourite, Rating
from app.catalog import freshness
from app.catalog.models import Film
from app.extensions import db

PHONE = re.compile(r"(?<!\w)\+?\d(?:[ .-]?\d){7,}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MAX_COMMENT = 1000


def mask_personal_data(text):
    return PHONE.sub("[numéro masqué]", EMAIL.sub("[e-mail masqué]", text))


def _insert_once(row):
    """Adds `row` unless a request racing this one just added the same; True if this one did."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
        return True
    except IntegrityError:
        return False


def toggle_favourite(user, film):
    """Adds or removes the film from the member's list; returns True when it is now in it.
    Taps arriving together never fail: at most one adds the film, and removing twice removes it once."""
    found = db.session.get(Favourite, (user.id, film.id))
    if found is not None:  # a statement, not the ORM's delete: a racing tap may remove it first
        db.session.execute(delete(Favourite).where(Favourite.user_id == user.id, Favourite.film_id == film.id))
        db.session.expunge(found)
        freshness.mark_changed(db.session, freshness.viewer(f"u{user.id}"))
        return False
    _insert_once(Favourite(user_id=user.id, film_id=film.id))
    return True


def rate(user, film, stars, again=True):
    """One rating per member and film; changing it moves the film's sum, never its count."""
    if stars not in range(1, 6):
        raise ValueError("stars")
    rating = db.session.scalar(select(Rating).where(Rating.user_id == user.id, Rating.film_id == film.id)
                               .with_for_update())
    if rating is None:
        if not _insert_once(Rating(user_id=user.id, film_id=film.id, stars=stars)):
            return rate(user, film, stars, again=False) if again else None  # a racing tap rated first
        change = {"rating_count": Film.rating_count + 1, "rating_sum": Film.rating_sum + stars}
    else:
        change = {"rating_sum": Film.rating_sum + stars - rating.stars}
        rating.stars = stars
    db.session.execute(update(Film).where(Film.id == film.id).values(**change))
    freshness.mark_changed(db.session, f"film:{film.id}")  # the film page shows its rating
    db.session.flush()


def add_comment(user, film, body):
    body = mask_personal_data((body or "").strip())[:MAX_COMMENT]
    if not body:
        return None
    comment = Comment(user_id=user.id, film_id=film.id, body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


def report(user, comment):
    """Counts the member's report once, however often or however fast they tap."""
    if _insert_once(CommentReport(comment_id=comment.id, user_id=user.id)):
        db.session.execute(update(Comment).where(Comment.id == comment.id)
                           .values(reports_count=Comment.reports_count + 1))
        db.session.flush()


def visible_comments(film, limit=30):
    from sqlalchemy.orm import joinedload

    query = (select(Comment).options(joinedload(Comment.author))
             .where(Comment.film_id == film.id, Comment.status == "visible")
             .order_by(Comment.id.desc()).limit(limit))
    return db.session.scalars(query).all()


def member_state(user, film_id):
    """(in my list?, my stars or None) for the film page; one small read, members only (it runs
    on every film page a member sees, cached or not)."""
    if not user.is_authenticated:
        return False, None
    in_list = select(Favourite.film_id).where(Favourite.user_id == user.id, Favourite.film_id == film_id).exists()
    stars = select(Rating.stars).where(Rating.user_id == user.id, Rating.film_id == film_id).scalar_subquery()
    favourite, stars = db.session.execute(select(in_list, stars)).one()
    return favourite, stars


def favourites_of(user):
    query = (select(Film).join(Favourite, Favourite.film_id == Film.id)
             .where(Favourite.user_id == user.id, Film.status == "published").order_by(Favourite.created_at.desc()))
    return db.session.scalars(query).all()
