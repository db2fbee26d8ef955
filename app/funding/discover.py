"""The "Projets à soutenir" lists: ending soon, nearly funded, new."""
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.funding.models import Project
from app.timeutil import utcnow


def live():
    return select(Project).where(Project.status == "live", Project.ends_at > utcnow())


def discover_lists(limit):
    """Three lists; "new" leaves out what "ending soon" already shows, so no card repeats
    one just above it (a project nearly funded may still be in both: the two say different things)."""
    now = utcnow()
    ending_soon = live().where(Project.ends_at <= now + timedelta(days=10)).order_by(Project.ends_at, Project.id)
    nearly_funded = (
        live()
        .where(Project.raised_fcfa * 100 >= Project.goal_fcfa * 60, Project.raised_fcfa < Project.goal_fcfa)
        .order_by((Project.goal_fcfa - Project.raised_fcfa), Project.id)
    )
    ending = db.session.scalars(ending_soon.limit(limit)).all()
    newest = (live().where(Project.id.not_in([project.id for project in ending]))
              .order_by(Project.went_live_at.desc(), Project.id.desc()))
    return {
        "ending_soon": ending,
        "nearly_funded": db.session.scalars(nearly_funded.limit(limit)).all(),
        "newest": db.session.scalars(newest.limit(limit)).all(),
    }
