"""What administrators decide: projects and films in review, the home page, members, comments.

Each decision is recorded in the audit log in the same transaction.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts import members
from app.accounts.models import ROLES, Comment, User
from app.admin import audit
from app.catalog.models import Credit, Film
from app.creators import checks
from app.extensions import db
from app.funding import lifecycle
from app.funding.models import Project
from app.studio import notices
from app.studio.films import answer_due_by
from app.timeutil import utcnow
from app.watch import staging

DECISIONS = ("approve", "send_back", "reject")


class ReviewError(ValueError):
    """The decision cannot be taken; the message says why, for the administrator."""


def is_overdue(submitted_at, now=None):
    due = answer_due_by(submitted_at)
    return due is not None and due < (now or utcnow())


def queue():
    """What waits for a decision, the oldest submission first: projects, then films (new ones,
    and published films' new videos), everything shown on their cards loaded at once."""
    projects = db.session.scalars(
        select(Project).where(Project.status == "submitted")
        .options(joinedload(Project.owner), joinedload(Project.film).selectinload(Film.credits).joinedload(Credit.person),
                 selectinload(Project.rewards), selectinload(Project.budget_lines), selectinload(Project.documents),
                 joinedload(Project.pitch_film).selectinload(Film.renditions))
        .order_by(Project.submitted_at, Project.id)
    ).all()
    films = db.session.scalars(
        select(Film).where(or_(Film.status == "in_review", Film.new_video_in_review))
        .options(selectinload(Film.credits).joinedload(Credit.person), selectinload(Film.genres),
                 selectinload(Film.renditions))
        .order_by(Film.submitted_at.nulls_first(), Film.id)
    ).all()
    return projects, films


def decide_project(admin, project, decision, comment=""):
    """Approve, send back or reject a submitted project; the team is told by SMS (and e-mail).
    A project goes live only once its filmmaker's identity was approved (app.creators.checks)."""
    if decision == "approve" and project.status == "submitted" and not checks.is_approved(project.owner_id):
        raise ReviewError(_l("The filmmaker's identity has not been approved yet: approve it in Creators "
                             "before this project goes live."))
    try:
        if decision == "approve":
            lifecycle.approve(project, admin)
        elif decision == "send_back":
            lifecycle.send_back(project, admin, comment)
        elif decision == "reject":
            lifecycle.reject(project, admin, comment)
        else:
            raise ReviewError(_l("Choose a decision."))
    except lifecycle.LifecycleError as error:
        raise ReviewError(str(error)) from error
    record_and_tell(admin, f"project.{decision}", project, comment)


def decide_film(admin, film, decision, comment=""):
    """Publish, send back or refuse a film in review, or a published film's new video."""
    if decision not in DECISIONS:
        raise ReviewError(_l("Choose a decision."))
    if decision != "approve" and not comment.strip():
        raise ReviewError(_l("Say what the team should change."))
    if film.new_video_in_review and film.status in staging.REVIEWED_STATUSES:
        _decide_new_video(admin, film, decision == "approve", comment)
        return
    if film.status != "in_review":
        raise ReviewError(_l("This film is not waiting for review."))
    if decision == "approve":
        if film.video_status != "ready":
            raise ReviewError(_l("The video is not ready yet: it cannot be published."))
        film.status, film.published_at, film.review_comment = "published", utcnow(), ""
    else:
        film.status = "rejected" if decision == "send_back" else "refused"
        film.review_comment = comment.strip()
    db.session.flush()
    record_and_tell(admin, f"film.{decision}", film, comment)


def _decide_new_video(admin, film, approve, comment):
    if approve:
        staging.approve_staged(film)
    else:
        staging.drop_staged(film)
    film.review_comment = "" if approve else comment.strip()
    db.session.flush()
    record_and_tell(admin, "film.approve_video" if approve else "film.send_back_video", film, comment)


def record_and_tell(admin, action, target, comment):
    entry = audit.record(admin, action, action.split(".")[0], target.id, comment)
    notices.notify_decision(action, target, comment.strip(), f"decision:{entry.id}")
    return entry


def decide_creator(admin, check, approve, comment=""):
    if not approve and not comment.strip():
        raise ReviewError(_l("Say what the filmmaker should send instead."))
    if not checks.decide(admin, check, approve, comment):
        raise ReviewError(_l("There is no identity document to decide on."))
    audit.record(admin, "creator.approve" if approve else "creator.reject", "user", check.user_id, comment)


def set_featured(admin, film, featured):
    film.is_featured = featured
    db.session.flush()
    audit.record(admin, "film.feature" if featured else "film.unfeature", "film", film.id)


def set_role(admin, user, role):
    if role not in ROLES or role == "admin":
        raise ReviewError(_l("This role cannot be given here."))  # admins are made by the CLI only
    if user.id == admin.id:
        raise ReviewError(_l("You cannot change your own account here."))
    previous = user.role
    members.set_role(user, role, by_admin=True)
    audit.record(admin, "user.role", "user", user.id, f"{previous} -> {role}")


def set_comment_hidden(admin, comment, hidden):
    comment.status = "hidden" if hidden else "visible"
    db.session.flush()
    audit.record(admin, "comment.hide" if hidden else "comment.show", "comment", comment.id)


def reported_comments(limit=100):
    query = (select(Comment).where(Comment.reports_count > 0)
             .order_by(Comment.status, Comment.reports_count.desc(), Comment.id.desc()).limit(limit))
    return db.session.scalars(query).all()


def find_users(phone_or_name, limit=50):
    query = select(User).order_by(User.id.desc()).limit(limit)
    term = (phone_or_name or "").strip()[:40]
    if term:
        query = query.where((User.phone.contains(term)) | (func.lower(User.display_name).contains(term.lower())))
    return db.session.scalars(query).all()


def published_films(limit=200):
    query = select(Film).where(Film.status == "published").order_by(Film.is_featured.desc(), Film.published_at.desc())
    return db.session.scalars(query.limit(limit)).all()
