"""Early screening: a film whose project was funded may open first to that project's backers.

The team sets `Film.backers_until` (app.studio.films: only for a film linked to a funded
project, at most 90 days ahead). The film is published as any other: its page, poster and
credits are public, and say until when it is reserved. Until that moment, only these may
play or download it: the team (its owner), administrators, and the members who backed a
project linked to the film, with a contribution that succeeded and was not refunded (made
signed in, or paid from the number they sign in with). Everyone else is told when it opens.
"""
from sqlalchemy import exists, or_, select

from app.accounts.models import User
from app.extensions import db
from app.funding.models import Contribution, Project
from app.links import public_url
from app.payments.models import Payment
from app.sms.models import SmsMessage
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe


def is_backer(film, user):
    paid_from_phone = select(Payment.contribution_id).where(Payment.phone == user.phone,
                                                            Payment.contribution_id.is_not(None))
    return bool(db.session.scalar(select(exists().where(
        Contribution.project_id == Project.id, Project.film_id == film.id, Contribution.status == "succeeded",
        or_(Contribution.user_id == user.id, Contribution.id.in_(paid_from_phone))))))


def backers_phones(film):
    """The numbers to tell: each backing's payment number, or its member's; each once."""
    backed = (select(Contribution.id, Contribution.user_id).join(Project, Project.id == Contribution.project_id)
              .where(Project.film_id == film.id, Contribution.status == "succeeded").subquery())
    paid = select(Payment.phone).where(Payment.contribution_id.in_(select(backed.c.id)), Payment.status == "succeeded",
                                       Payment.phone.is_not(None))
    members = select(User.phone).where(User.id.in_(select(backed.c.user_id)), User.disabled_at.is_(None))
    return sorted(set(db.session.scalars(paid)) | set(db.session.scalars(members)))


def announcement_text(film):
    day = film.backers_until.strftime("%d/%m")
    link = public_url("watch.watch", slug=film.slug)
    title = gsm7_safe(film.title)[:30]
    return f"Avant-premiere : {title} pour vous jusqu'au {day}. Merci ! {link}"


def tell_backers(film):
    """One SMS to each backer that the early screening is open; a number already told about
    this window is not told again, so asking twice sends nothing more. Returns how many were
    queued (sent after the commit); flushes."""
    if film.status != "published" or not film.in_early_screening:
        return 0
    kind = f"early:{film.id}:{film.backers_until.date().isoformat()}"
    told = set(db.session.scalars(select(SmsMessage.to_phone).where(SmsMessage.kind == kind)))
    text = announcement_text(film)
    phones = [phone for phone in backers_phones(film) if phone not in told]
    for phone in phones:
        queue_sms(phone, text, kind)
    return len(phones)


def may_watch(film, user):
    """Whether this visitor may play the film now."""
    if not film.in_early_screening:
        return True
    if user is None or not user.is_authenticated:
        return False
    return user.id == film.owner_id or user.is_admin or is_backer(film, user)
