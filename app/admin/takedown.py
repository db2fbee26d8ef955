"""Taking down what was approved: suspending or cancelling a live project, withdrawing a
published film, and putting them back. Each with its reason, recorded in the audit log, the
team told by SMS (and e-mail), a project's contributors by SMS.

Money (docs/decisions.md, "Take-downs"): a suspended project takes no new contribution at
once; payments already started still resolve and are credited, kept until the project is
reinstated (it raises again) or cancelled. A cancelled project gives every contribution back
through the refund path of projects that miss their goal.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import members
from app.admin import audit
from app.admin.review import ReviewError, record_and_tell
from app.catalog.models import Film
from app.extensions import db
from app.funding import lifecycle, news
from app.funding.models import Project
from app.jobs import enqueue_after_commit
from app.payments.refunds import refund_contribution
from app.timeutil import utcnow

PROJECT_ACTIONS = ("suspend", "cancel", "reinstate")
FILM_ACTIONS = ("withdraw", "reinstate")


def take_down_project(admin, project, action, reason=""):
    """Suspends, cancels or reinstates a project; refunds and SMS leave after the commit."""
    refunds = []
    try:
        if action == "suspend":
            lifecycle.suspend(project, admin, reason)
        elif action == "cancel":
            refunds = lifecycle.cancel(project, admin, reason)
        elif action == "reinstate":
            lifecycle.reinstate(project, admin)
        else:
            raise ReviewError(_l("Choose a decision."))
    except lifecycle.LifecycleError as error:
        raise ReviewError(str(error)) from error
    entry = record_and_tell(admin, f"project.{action}", project, reason)
    for contribution in refunds:
        enqueue_after_commit(refund_contribution, contribution.id)
    enqueue_after_commit(news.tell_contributors, project.id, action, entry.id)
    return entry


def take_down_film(admin, film, action, reason=""):
    """Withdraws a published film from the catalogue (its links stop at once: 410), or puts it back."""
    if action == "withdraw":
        if film.status != "published":
            raise ReviewError(_l("Only a published film can be withdrawn."))
        if not reason.strip():
            raise ReviewError(_l("Give the reason: the team is told."))
        film.status, film.takedown_reason, film.is_featured = "withdrawn", reason.strip(), False
    elif action == "reinstate":
        if film.status != "withdrawn":
            raise ReviewError(_l("This film is not withdrawn."))
        film.status, film.takedown_reason = "published", ""
        film.published_at = film.published_at or utcnow()
    else:
        raise ReviewError(_l("Choose a decision."))
    db.session.flush()
    return record_and_tell(admin, f"film.{action}", film, reason)


def set_disabled(admin, user, disabled):
    """Disabling a member also suspends their live projects, which stop taking money at once;
    enabling them again leaves those projects for an administrator to reinstate one by one."""
    if user.id == admin.id:
        raise ReviewError(_l("You cannot change your own account here."))
    members.set_disabled(user, disabled)
    audit.record(admin, "user.disable" if disabled else "user.enable", "user", user.id)
    if not disabled:
        return
    live = db.session.scalars(select(Project).where(Project.owner_id == user.id, Project.status == "live")
                              .order_by(Project.id)).all()
    for project in live:
        take_down_project(admin, project, "suspend", str(_l("The team's account has been disabled.")))


def taken_down_and_live(limit=200):
    """What can be taken down or put back: live and suspended projects, published and withdrawn films."""
    projects = db.session.scalars(select(Project).where(Project.status.in_(("live", "suspended")))
                                  .order_by(Project.status.desc(), Project.id.desc()).limit(limit)).all()
    films = db.session.scalars(select(Film).where(Film.status.in_(("published", "withdrawn")))
                               .order_by(Film.status.desc(), Film.id.desc()).limit(limit)).all()
    return projects, films
