"""What the public sees of a member (their name and the films they worked on), and what a
member sees of their own contributions.

A profile shows the member's chosen name, the published films whose credits link to them
and the public projects whose team they are in, with their roles, and the parts of their
talent profile they chose to show (app.teams.talents): never the phone number, e-mail or
anything they did not put there. It is public once it lists a film or the member made their
talent profile public (before that, member ids counted one by one list no names); its owner
always sees it, to pass its address on.
"""
from flask import abort
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.catalog.models import Credit, Film, Person
from app.extensions import db
from app.funding.models import Contribution
from app.payments.models import Payment
from app.teams import talents

SHOWN_CONTRIBUTIONS = ("pending", "succeeded", "refund_pending", "refunded")
RECEIPT_STATUSES = ("succeeded", "refunded")  # payments that brought money in
MAX_SHOWN = 50  # the newest: a page under the 14 KB budget


def credited_films(user_id):
    """[(film, [roles])] of the published films crediting this member, newest first."""
    rows = db.session.execute(
        select(Film, Credit.role, Credit.character_name).join(Credit, Credit.film_id == Film.id)
        .join(Person, Person.id == Credit.person_id)
        .where(Person.user_id == user_id, Film.status == "published")
        .order_by(Film.year.desc(), Film.id.desc(), Credit.position)
    ).all()
    films = {}
    for film, role, character in rows:
        films.setdefault(film, []).append((role, character))
    return list(films.items())


def profile_or_404(user_id, viewer):
    member = db.session.get(User, user_id)
    if member is None or not member.is_active:
        abort(404)
    films = credited_films(member.id)
    is_own = viewer is not None and viewer.is_authenticated and viewer.id == member.id
    talent = talents.shown(talents.profile_of(member.id))
    if not films and not is_own and talent is None:
        abort(404)
    return member, films, is_own, talent


def _mine(user):
    """Contributions of this member: made signed in, or paid from their number as a guest."""
    paid_from_phone = select(Payment.contribution_id).where(Payment.phone == user.phone,
                                                            Payment.contribution_id.is_not(None))
    return or_(Contribution.user_id == user.id, Contribution.id.in_(paid_from_phone))


def contributions_of(user):
    """Newest first, with their project and reward, and the reference of their receipt."""
    contributions = db.session.scalars(
        select(Contribution).where(_mine(user), Contribution.status.in_(SHOWN_CONTRIBUTIONS))
        .options(joinedload(Contribution.project), joinedload(Contribution.reward))
        .order_by(Contribution.created_at.desc(), Contribution.id.desc()).limit(MAX_SHOWN)
    ).all()
    payments = {}
    for payment in db.session.scalars(select(Payment).where(
            Payment.contribution_id.in_([c.id for c in contributions]), Payment.status.in_(RECEIPT_STATUSES))
            .order_by(Payment.id.desc())):
        payments[payment.contribution_id] = payment  # the first that brought the money in
    return [(c, payments.get(c.id)) for c in contributions]


def receipt_payment(contribution_id):
    """The payment that brought the contribution's money in, or None before it did."""
    return db.session.scalar(select(Payment).where(
        Payment.contribution_id == contribution_id, Payment.status.in_(RECEIPT_STATUSES))
        .order_by(Payment.id).limit(1))


def own_contribution_or_404(user, contribution_id):
    found = db.session.scalar(select(Contribution).where(Contribution.id == contribution_id, _mine(user)))
    payment = receipt_payment(found.id) if found is not None else None
    if payment is None:
        abort(404)
    return found, payment
