"""What administrators decide: projects and films in review, the home page, members, comments.

Each decision is recorded in the audit log in the same transaction.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.accounts import members
from app.accounts.models import ROLES, Comment, User
from app.admin import audit
from app.catalog.models import Film
from app.creators import checks
from app.extensions import db
from app.funding import lifecycle
from app.funding.models import Project
from app.timeutil import utcnow


class ReviewError(ValueError):
    """The decision cannot be taken; the message says why, for the administrator."""


def queue():
    projects = db.session.scalars(
        select(Project).where(Project.status == "submitted").options(joinedload(Project.film))
        .order_by(Project.submitted_at, Project.id)
    ).all()
    films = db.session.scalars(select(Film).where(Film.status == "in_review").order_by(Film.created_at, Film.id)).all()
    return projects, films


def decide_project(admin, project, approve, comment=""):
    if approve and project.status == "submitted" and not checks.is_approved(project.owner_id):
        raise ReviewError(_l("The filmmaker's identity has not been approved yet: approve it in Creators "
                             "before this project goes live."))
    try:
        if approve:
            lifecycle.approve(project, admin)
        else:
            lifecycle.send_back(project, admin, comment)
    except lifecycle.LifecycleError as error:
        raise ReviewError(str(error)) from error
    audit.record(admin, "project.approve" if approve else "project.send_back", "project", project.id, comment)


def decide_film(admin, film, approve, comment=""):
    if film.status != "in_review":
        raise ReviewError(_l("This film is not waiting for review."))
    if approve:
        if film.video_status != "ready":
            raise ReviewError(_l("The video is not ready yet: it cannot be published."))
        film.status, film.published_at = "published", utcnow()
    else:
        if not comment.strip():
            raise ReviewError(_l("Say what the team should change."))
        film.status = "rejected"
    db.session.flush()
    audit.record(admin, "film.approve" if approve else "film.send_back", "film", film.id, comment)


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


def set_disabled(admin, user, disabled):
    if user.id == admin.id:
        raise ReviewError(_l("You cannot change your own account here."))
    members.set_disabled(user, disabled)
    audit.record(admin, "user.disable" if disabled else "user.enable", "user", user.id)


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
