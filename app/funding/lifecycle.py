"""A project's life: draft → submitted → live (or back to the team, or rejected) → funded |
not funded. After approval an administrator may suspend a live project (it takes no money
until reinstated) or cancel it (every contribution goes back to its payer).

Each function checks who may act and from which state, changes the project, and flushes;
the view, job or CLI command that called it commits. A refusal raises LifecycleError with a
message for the person who tried.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.funding import ledger
from app.funding.models import Contribution, Project
from app.timeutil import as_utc, utcnow

EDITABLE = ("draft", "changes_requested")
MIN_DURATION = timedelta(days=7)
MAX_DURATION = timedelta(days=120)


class LifecycleError(ValueError):
    """The action is not possible for this person or in this state."""


def can_edit(project, user):
    return user.is_authenticated and project.owner_id == user.id and project.status in EDITABLE


def missing_for_review(project):
    """What the team still has to fill in before an admin can review the project."""
    missing = []
    if not project.title.strip():
        missing.append(_l("a title"))
    if len(project.pitch.strip()) < 20:
        missing.append(_l("a pitch of at least 20 characters"))
    if len(project.synopsis.strip()) < 100:
        missing.append(_l("a synopsis of at least 100 characters"))
    if not project.goal_fcfa or project.goal_fcfa < 10_000:
        missing.append(_l("a funding goal of at least 10,000 FCFA"))
    if project.ends_at is None or not (MIN_DURATION <= as_utc(project.ends_at) - utcnow() <= MAX_DURATION):
        missing.append(_l("an end date between 7 and 120 days from now"))
    return missing


def submit(project, user):
    if project.owner_id != user.id:
        raise LifecycleError(_l("Only the project's team can submit it."))
    if project.status not in EDITABLE:
        raise LifecycleError(_l("This project has already been submitted."))
    missing = missing_for_review(project)
    if missing:
        raise LifecycleError(_l("Before submitting, add: %(missing)s.", missing=", ".join(str(m) for m in missing)))
    project.status = "submitted"
    project.submitted_at = utcnow()
    db.session.flush()


def approve(project, admin):
    _check_reviewer(project, admin)
    project.status = "live"
    project.review_comment = ""
    project.went_live_at = utcnow()
    db.session.flush()


def send_back(project, admin, comment):
    _answer_with_message(project, admin, comment, "changes_requested", _l("Say what the team should change."))


def reject(project, admin, comment):
    """Refused for good: the team is told why and cannot submit this project again."""
    _answer_with_message(project, admin, comment, "rejected", _l("Say why the project is rejected."))


def _answer_with_message(project, admin, comment, status, message_needed):
    _check_reviewer(project, admin)
    if not comment or not comment.strip():
        raise LifecycleError(message_needed)
    project.status = status
    project.review_comment = comment.strip()
    db.session.flush()


def suspend(project, admin, reason):
    """Takes a live project down at once: the pay form refuses, payments already started still
    resolve and are credited (kept until the project is reinstated or cancelled)."""
    db.session.refresh(project, with_for_update=True)  # a credit or a close in progress lands before or after
    _check_takedown(project, admin, reason, ("live",))
    project.status = "suspended"
    project.takedown_reason = reason.strip()
    db.session.flush()


def reinstate(project, admin):
    """A suspended project takes money again (and is closed as usual if its date has passed)."""
    if not getattr(admin, "is_admin", False):
        raise LifecycleError(_l("Only an administrator can take a project down or put it back."))
    if project.status != "suspended":
        raise LifecycleError(_l("This project is not suspended."))
    project.status = "live"
    project.takedown_reason = ""
    db.session.flush()


def cancel(project, admin, reason):
    """Unpublishes a live or suspended project for good; returns the contributions held for
    refund. Payments that resolve later are held for refund by the ledger too."""
    db.session.refresh(project, with_for_update=True)
    _check_takedown(project, admin, reason, ("live", "suspended"))
    project.status = "cancelled"
    project.takedown_reason = reason.strip()
    project.ended_at = utcnow()
    db.session.flush()
    return _hold_every_contribution(project)


def _check_takedown(project, admin, reason, statuses):
    if not getattr(admin, "is_admin", False):
        raise LifecycleError(_l("Only an administrator can take a project down or put it back."))
    if project.status not in statuses:
        raise LifecycleError(_l("This project cannot be taken down in its present state."))
    if not reason or not reason.strip():
        raise LifecycleError(_l("Give the reason: the team and the contributors are told."))


def _hold_every_contribution(project):
    query = select(Contribution.id).where(Contribution.project_id == project.id, Contribution.status == "succeeded")
    held = [cid for cid in db.session.scalars(query.with_for_update()).all() if ledger.hold_for_refund(cid)]
    db.session.refresh(project)
    return db.session.scalars(select(Contribution).where(Contribution.id.in_(held)).order_by(Contribution.id)).all()


def close(project, now=None):
    """Ends a live project whose date has passed; returns the contributions to refund.

    Flexible projects keep what was raised either way; an all-or-nothing project that missed
    its goal gives every succeeded contribution back (held for refund by the ledger, refunded
    by the payments engine). The project is locked first, so a contribution being credited at
    the same moment lands either before the decision or after it, where the ledger holds it
    for refund too.
    """
    now = now or utcnow()
    db.session.refresh(project, with_for_update=True)
    if project.status != "live" or project.ends_at is None or as_utc(project.ends_at) > now:
        return []
    project.ended_at = now
    project.status = "funded" if project.raised_fcfa >= project.goal_fcfa else "not_funded"
    db.session.flush()
    if project.status == "funded" or project.funding_model != "all_or_nothing":
        return []
    return _hold_every_contribution(project)


def ended_live_projects(now=None):
    now = now or utcnow()
    query = select(Project).where(Project.status == "live", Project.ends_at <= now).order_by(Project.id)
    return db.session.scalars(query).all()


def _check_reviewer(project, admin):
    if not getattr(admin, "is_admin", False):
        raise LifecycleError(_l("Only an administrator can review projects."))
    if project.status != "submitted":
        raise LifecycleError(_l("This project is not waiting for review."))
