"""A conversation's page and its live part, shown by the views and by the refused-message page."""
from flask import abort, make_response, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.catalog import queries as catalog_queries
from app.catalog.models import Film
from app.extensions import db
from app.funding import queries as funding_queries
from app.inputs import whole_number
from app.pages import render, wants_fragment
from app.talk import conversations, presence


def subject_or_404(slug=None, code=None):
    """The published film (`slug`, without its credits and videos: no page here shows them) or
    the public project (`code`) a conversation is about."""
    if slug is None:
        return funding_queries.public_project_or_404(code, details=False)
    film = db.session.scalars(catalog_queries.published().where(Film.slug == slug)).first()
    if film is None:
        abort(404)
    return film


def subject_url(subject, **values):
    if isinstance(subject, Film):
        return url_for("talk.conversation", slug=subject.slug, **values)
    return url_for("talk.conversation", code=subject.short_code, **values)


def _key(subject):
    return f"{'film' if isinstance(subject, Film) else 'project'}:{subject.id}"


def _etag(conversation, here):
    version = conversation.version if conversation else 0
    who = current_user.id if current_user.is_authenticated else 0
    return f'"t{version}.{here}.{who}.{get_locale()}"'


def _not_modified(etag):
    """A bare 304: no body, no page headers (app/http.py adds them to HTML only), no cookie."""
    response = make_response("", 304)
    response.headers.remove("Content-Type")
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("HX-Request")
    return response


def page(subject, status=200, typed="", error=None):
    conversation = conversations.find(subject)
    here = presence.seen_now(_key(subject))
    etag = _etag(conversation, here)
    if wants_fragment() and etag in request.headers.get("If-None-Match", ""):
        return _not_modified(etag)
    team = conversations.team_of(subject)
    moderator = current_user.is_authenticated and (current_user.is_admin or current_user.id in team)
    before = whole_number(request.args.get("avant"), 1)
    messages, older = conversations.page_of(conversation, before, include_hidden=moderator)
    response = render("talk/conversation.html", "talk/_live.html", status=status, subject=subject,
                      conversation=conversation, messages=messages, older=older, before=before, team=team,
                      moderator=moderator, may_ban=conversations.may_ban(current_user, subject),
                      pinned=conversations.pinned(conversation), here=here, etag=etag, typed=typed, error=error,
                      banned=conversations.is_banned(conversation, current_user),
                      wants_sms=conversations.wants_sms(conversation, current_user),
                      is_film=isinstance(subject, Film), subject_url=subject_url(subject))
    if wants_fragment():  # the full page keeps its own ETag: it carries the form's token and notices
        response.headers["ETag"] = etag
    return response
