"""Personal links that bring a member into a film's or a project's team.

A filmmaker invites someone by name and role (and a character for an actor); the link is
unguessable, lasts INVITATION_DAYS, is used once and can be revoked. Accepting credits the
member's `Person` (theirs, or a new one linked to them) in the team with that role, once:
the invitation row is locked while it is answered, so two tabs or two clicks credit once.
"""
import logging
import secrets
from urllib.parse import quote
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import members
from app.catalog import search
from app.catalog.labels import credit_role
from app.catalog.models import CREDIT_ROLES, Credit, Film, Person
from app.extensions import db
from app.links import public_url
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe
from app.studio.credits import new_person
from app.teams.models import Invitation, ProjectCredit
from app.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)
INVITATION_DAYS = 30
MAX_SHOWN = 50
SMS_CHARS = 160


class InvitationError(ValueError):
    """The form cannot make an invitation; the message says why."""


def state_of(invitation):
    """pending, accepted, declined, revoked or expired (a pending one past its date)."""
    if invitation.status == "pending" and as_utc(invitation.expires_at) <= utcnow():
        return "expired"
    return invitation.status


def team_title(invitation):
    return invitation.film.title if invitation.film_id else invitation.project.title


def invite(team, form, inviter):
    """A new invitation to `team` (a Film or a Project); an SMS leaves after the commit when
    a phone number was given. Raises InvitationError, nothing written. Flushes."""
    name = (form.get("name") or "").strip()[:120]
    role = form.get("role") or ""
    character = (form.get("character") or "").strip()[:120]
    if not name:
        raise InvitationError(_("Give the name of the person you invite."))
    if role not in CREDIT_ROLES:
        raise InvitationError(_("Choose a role."))
    phone = None
    if (form.get("phone") or "").strip():
        try:
            phone = members.normalise_phone(form.get("phone"))
        except members.AccountError as error:
            raise InvitationError(str(error)) from error
    invitation = Invitation(token=secrets.token_urlsafe(24), name=name, role=role, phone=phone,
                            character_name=(character or None) if role == "actor" else None,
                            invited_by_id=inviter.id, expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
                            **({"film_id": team.id} if isinstance(team, Film) else {"project_id": team.id}))
    db.session.add(invitation)
    db.session.flush()
    if phone:
        queue_sms(phone, invitation_text(invitation, inviter, team.title), f"invite:{invitation.id}")
    log.info("invitation %s to film %s / project %s", invitation.id, invitation.film_id, invitation.project_id)
    return invitation


def link_of(invitation):
    return public_url("teams.invitation", token=invitation.token)


def invitation_text(invitation, inviter, title):
    """One GSM-7 segment: who invites, to what, the link; the title is shortened to fit."""
    frame = gsm7_safe(_('%(who)s invites you to the team of "%(title)s" (%(role)s) on Karangou: %(link)s',
                        who=(inviter.display_name or "Karangou")[:30], title="{}",
                        role=str(credit_role(invitation.role)), link=link_of(invitation)))
    room = SMS_CHARS - len(frame.format(""))
    title = gsm7_safe(title)
    if len(title) > room:
        title = title[: max(0, room - 3)].rstrip() + "..."
    return frame.format(title)


def by_token(token, lock=False):
    query = select(Invitation).where(Invitation.token == (token or "")[:43])
    return db.session.scalar(query.with_for_update() if lock else query)


def invitations_of(team):
    column = Invitation.film_id if isinstance(team, Film) else Invitation.project_id
    return db.session.scalars(select(Invitation).where(column == team.id)
                              .order_by(Invitation.id.desc()).limit(MAX_SHOWN)).all()


def revoke(invitation):
    """A pending link stops working; an answered one is left as it is. Flushes."""
    if state_of(invitation) == "pending":
        invitation.status = "revoked"
        db.session.flush()


def decline(invitation, member):
    if state_of(invitation) == "pending":
        invitation.status, invitation.answered_at = "declined", utcnow()
        invitation.answered_by_id = member.id
        db.session.flush()


def accept(invitation, member):
    """Credits the member once with the invitation's role; True if this call did it. The row
    must have been read with lock=True, so a second tab waits and then finds it answered.
    Flushes."""
    if state_of(invitation) != "pending":
        return False
    mine = db.session.scalar(select(Person).where(Person.user_id == member.id))
    if invitation.film_id:
        _credit_film(invitation, mine, member)
    else:
        _credit_project(invitation, mine or new_person(member.display_name or invitation.name, member.id))
    invitation.status, invitation.answered_at, invitation.answered_by_id = "accepted", utcnow(), member.id
    db.session.flush()
    log.info("invitation %s accepted by member %s", invitation.id, member.id)
    return True


def _credit_film(invitation, mine, member):
    """The film's line already naming the invited person in this role (typed by the team, linked
    to no member) becomes the member's; else a line is added. A person linked to another
    member is never taken."""
    film = invitation.film
    named = next((c for c in film.credits if c.role == invitation.role and c.person.user_id is None
                  and c.person.name == invitation.name), None)
    if mine is None and named is not None:
        named.person.user_id = member.id
        db.session.flush()
        return
    person = mine or new_person(member.display_name or invitation.name, member.id)
    if any(c.person_id == person.id and c.role == invitation.role for c in film.credits):
        return
    if named is not None:
        named.person = person
    else:
        position = max((c.position for c in film.credits), default=-1) + 1
        film.credits.append(Credit(person=person, role=invitation.role, position=position,
                                   character_name=invitation.character_name))
    db.session.flush()
    film.search_text = search.search_text_for(film)


def _credit_project(invitation, person):
    found = db.session.scalar(select(ProjectCredit.id).where(
        ProjectCredit.project_id == invitation.project_id, ProjectCredit.person_id == person.id,
        ProjectCredit.role == invitation.role))
    if found is None:
        db.session.add(ProjectCredit(project_id=invitation.project_id, person_id=person.id, role=invitation.role,
                                     character_name=invitation.character_name))


def whatsapp_uri(invitation):
    """The same words for WhatsApp (app.funding.sharing), with the title as written."""
    text = _('You are invited to the team of "%(title)s" on Karangou: %(link)s',
             title=team_title(invitation), link=link_of(invitation))
    return "https://wa.me/?text=" + quote(text, safe="")
