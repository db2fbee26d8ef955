"""A film's credits as its team types them: a role, a name, and the member it is, if any.

A credited person who is a member is chosen by their phone number or their profile address
(`/membres/<id>`); their `Person` is then linked to their account (`Person.user_id`, one
person per member), so their profile lists the film with the role. A name without a member
is credited as a name alone, reusing the unlinked person of that exact name when there is
one (so the director filter gathers their films).
"""
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import members
from app.accounts.models import User
from app.catalog import search
from app.catalog.models import CREDIT_ROLES, Credit, Person
from app.extensions import db

MAX_ROWS = 60
BLANK_ROWS = 3
PROFILE = re.compile(r"(?:^|/)membres/(\d{1,9})/?$")


class CreditError(ValueError):
    """A line that cannot be kept; the message names it."""


def rows_of(film):
    """The credits as form rows, with room for a few more."""
    rows = [{"role": c.role, "name": c.person.name, "character": c.character_name or "",
             "member": f"/membres/{c.person.user_id}" if c.person.user_id else ""} for c in film.credits]
    return rows + [{"role": "actor" if rows else "director", "name": "", "character": "", "member": ""}
                   for _ in range(BLANK_ROWS)]


def rows_from(form):
    """The rows a form sent (`role-0`, `name-0`, `member-0`, `character-0`…), as typed."""
    rows = []
    for i in range(MAX_ROWS):
        if f"name-{i}" not in form:
            break
        rows.append({key: (form.get(f"{key}-{i}") or "").strip()[:120] for key in ("role", "name", "member", "character")})
    return rows


def save_credits(film, rows):
    """Replaces the film's credits with the rows that have a name; flushes. Raises CreditError
    (nothing written) for an unknown role or a member that cannot be found."""
    credits, seen = [], set()
    for number, row in enumerate(rows, start=1):
        if not row["name"]:
            continue
        if row["role"] not in CREDIT_ROLES:
            raise CreditError(_l("Line %(number)s: choose a role.", number=number))
        member = _member(row["member"], number)
        person = _person_for(row["name"], member)
        if (person.id, row["role"]) in seen:
            continue
        seen.add((person.id, row["role"]))
        credits.append(Credit(person=person, role=row["role"], position=len(credits),
                              character_name=row["character"] or None))
    film.credits = []
    db.session.flush()  # the old rows go first: a kept credit is the same (film, person, role)
    film.credits = credits
    film.search_text = search.search_text_for(film)
    db.session.flush()
    return film


def _member(typed, number):
    if not typed:
        return None
    found = PROFILE.search(typed)
    if found:
        user = db.session.get(User, int(found.group(1)))
    else:
        try:
            user = members.by_phone(members.normalise_phone(typed))
        except members.AccountError as error:
            raise CreditError(_l("Line %(number)s: give the member's phone number or profile address, "
                                 "or leave it empty.", number=number)) from error
    if user is None or not user.is_active:
        raise CreditError(_l("Line %(number)s: no member found; leave the field empty to credit the name alone.",
                             number=number))
    return user


def _person_for(name, member):
    if member is not None:
        person = db.session.scalar(select(Person).where(Person.user_id == member.id))
        if person is None:
            person = new_person(name, member.id)
        return person
    person = db.session.scalar(select(Person).where(Person.name == name, Person.user_id.is_(None))
                               .order_by(Person.id).limit(1))
    return person or new_person(name, None)


def new_person(name, user_id):
    base = re.sub(r"[^a-z0-9]+", "-", search.fold(name)).strip("-")[:70] or "personne"
    slug, n = base, 1
    while db.session.scalar(select(Person.id).where(Person.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    person = Person(slug=slug, name=name, user_id=user_id)
    db.session.add(person)
    db.session.flush()
    return person
