"""A film's or a project's conversation: who its team is, its messages, pin, reports, hiding, bans.

Every function flushes; the view, job or command that calls it commits. Each change that its
page shows moves `Conversation.version`, which the page's poll compares (app/talk/views.py).
"""
from sqlalchemy import func, literal, select, union_all, update
from sqlalchemy.exc import IntegrityError

from app.catalog import freshness
from app.catalog.models import Credit, Film, Person
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.talk import alerts, masking
from app.talk.models import Conversation, ConversationBan, Message, MessageReport, TeamAnswerAlert

MAX_MESSAGE = 1000
PAGE_SIZE = 20


class TalkError(Exception):
    pass


def team_of(subject):
    """{member id: role} of the team behind a film or a project: the film's owner and the members
    its credits link to (Person.user_id); a project adds its own owner to its film's team. A member
    credited on the film keeps their credited role ("director", …); an owner without a credit is
    "owner". One query."""
    is_film = isinstance(subject, Film)
    film_id = subject.id if is_film else subject.film_id
    team = {} if is_film or subject.owner_id is None else {subject.owner_id: "owner"}
    if film_id is None:
        return team
    owner = select(Film.owner_id.label("user_id"), literal("owner").label("role")).where(Film.id == film_id)
    credited = (select(Person.user_id, Credit.role).join(Credit, Credit.person_id == Person.id)
                .where(Credit.film_id == film_id, Person.user_id.is_not(None)))
    for user_id, role in db.session.execute(union_all(owner, credited)):
        if user_id is not None and team.get(user_id) in (None, "owner"):
            team[user_id] = role
    return team


def owner_id_of(subject):
    return subject.owner_id


def _subject_filter(subject):
    return (Conversation.film_id == subject.id) if isinstance(subject, Film) else (Conversation.project_id == subject.id)


def find(subject):
    return db.session.scalar(select(Conversation).where(_subject_filter(subject)))


def find_or_create(subject):
    """The subject's conversation; two first messages arriving together create it once."""
    found = find(subject)
    if found is not None:
        return found
    key = {"film_id": subject.id} if isinstance(subject, Film) else {"project_id": subject.id}
    try:
        with db.session.begin_nested():
            conversation = Conversation(**key)
            db.session.add(conversation)
        return conversation
    except IntegrityError:
        return find(subject)


def is_banned(conversation, user):
    if conversation is None or not user.is_authenticated:
        return False
    return db.session.get(ConversationBan, (conversation.id, user.id)) is not None


def _changed(conversation, count_change=0):
    db.session.execute(update(Conversation).where(Conversation.id == conversation.id)
                       .values(version=Conversation.version + 1,
                               message_count=Conversation.message_count + count_change))
    db.session.expire(conversation, ["version", "message_count"])
    if conversation.film_id and count_change:  # the film's page shows how many messages
        freshness.mark_changed(db.session, f"film:{conversation.film_id}")


def post(user, subject, body):
    """Stores the message masked; returns (message, kinds masked). Team answers reach the members
    who asked for an SMS (app/talk/alerts.py, after the commit)."""
    body = (body or "").strip()
    if not body:
        raise TalkError("empty")
    if len(body) > MAX_MESSAGE:
        raise TalkError("long")
    conversation = find_or_create(subject)
    if is_banned(conversation, user):
        raise TalkError("banned")
    masked, kinds = masking.mask(body)
    message = Message(conversation_id=conversation.id, user_id=user.id, body=masked, masked=",".join(kinds))
    db.session.add(message)
    db.session.flush()
    _changed(conversation, 1)
    if user.id in team_of(subject):
        enqueue_after_commit(alerts.tell_members, message.id)
    return message, kinds


def page_of(conversation, before=None, include_hidden=False):
    """(up to PAGE_SIZE messages, oldest first, ending just before `before` or at the newest;
    the id to ask for the page before it, or None)."""
    if conversation is None:
        return [], None
    query = select(Message).where(Message.conversation_id == conversation.id)
    if not include_hidden:
        query = query.where(Message.status == "visible")
    if before:
        query = query.where(Message.id < before)
    rows = db.session.scalars(query.order_by(Message.id.desc()).limit(PAGE_SIZE + 1)).all()
    older = rows[PAGE_SIZE - 1].id if len(rows) > PAGE_SIZE else None
    return list(reversed(rows[:PAGE_SIZE])), older


def pinned(conversation):
    if conversation is None or conversation.pinned_message_id is None:
        return None
    message = db.session.get(Message, conversation.pinned_message_id)
    return message if message is not None and message.status == "visible" else None


def may_moderate(user, subject):
    """The team hides and pins; administrators hide everywhere."""
    return user.is_authenticated and (user.is_admin or user.id in team_of(subject))


def may_ban(user, subject):
    return user.is_authenticated and (user.is_admin or user.id == owner_id_of(subject))


def set_pinned(conversation, message, pin):
    conversation.pinned_message_id = message.id if pin else None
    db.session.flush()
    _changed(conversation)


def set_hidden(message, hidden):
    """Hides or shows again; returns True when the message changed."""
    status = "hidden" if hidden else "visible"
    if message.status == status:
        return False
    message.status = status
    db.session.flush()
    _changed(message.conversation, -1 if hidden else 1)
    return True


def report(user, message):
    """Counts the member's report once, however often they tap."""
    try:
        with db.session.begin_nested():
            db.session.add(MessageReport(message_id=message.id, user_id=user.id))
    except IntegrityError:
        return False
    db.session.execute(update(Message).where(Message.id == message.id)
                       .values(reports_count=Message.reports_count + 1))
    db.session.flush()
    return True


def ban(by, conversation, user_id):
    """The member may no longer write in this conversation; banning twice changes nothing."""
    if db.session.get(ConversationBan, (conversation.id, user_id)) is None:
        db.session.add(ConversationBan(conversation_id=conversation.id, user_id=user_id, banned_by_id=by.id))
        db.session.flush()


def wants_sms(conversation, user):
    if conversation is None or not user.is_authenticated:
        return False
    return db.session.get(TeamAnswerAlert, (conversation.id, user.id)) is not None


def set_sms(user, subject, wanted):
    """Ticks or unticks "me prévenir par SMS quand l'équipe répond" for this conversation."""
    conversation = find_or_create(subject)
    found = db.session.get(TeamAnswerAlert, (conversation.id, user.id))
    if wanted and found is None:
        db.session.add(TeamAnswerAlert(conversation_id=conversation.id, user_id=user.id))
    elif not wanted and found is not None:
        db.session.delete(found)
    db.session.flush()


def message_count(subject):
    """Visible messages, for the link on the film's or the project's page."""
    return db.session.scalar(select(func.coalesce(func.max(Conversation.message_count), 0))
                             .where(_subject_filter(subject)))
