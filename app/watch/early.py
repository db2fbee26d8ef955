"""Early screening: a film whose project was funded may open first to that project's backers.

The team sets `Film.backers_until` (app.studio.films: only for a film linked to a funded
project, at most 90 days ahead). The film is published as any other: its page, poster and
credits are public, and say until when it is reserved. Until that moment, only these may
play or download it: the team (its owner), administrators, and the members who backed a
project linked to the film, with a contribution that succeeded and was not refunded (made
signed in, or paid from the number they sign in with). Everyone else is told when it opens.
"""
from sqlalchemy import exists, or_, select

from app.extensions import db
from app.funding.models import Contribution, Project
from app.payments.models import Payment


def is_backer(film, user):
    paid_from_phone = select(Payment.contribution_id).where(Payment.phone == user.phone,
                                                            Payment.contribution_id.is_not(None))
    return bool(db.session.scalar(select(exists().where(
        Contribution.project_id == Project.id, Project.film_id == film.id, Contribution.status == "succeeded",
        or_(Contribution.user_id == user.id, Contribution.id.in_(paid_from_phone))))))


def may_watch(film, user):
    """Whether this visitor may play the film now."""
    if not film.in_early_screening:
        return True
    if user is None or not user.is_authenticated:
        return False
    return user.id == film.owner_id or user.is_admin or is_backer(film, user)
