"""Project news to followers: team updates, milestones (50 %, 100 %) and the end.

Every follower gets an SMS, written in GSM-7 and kept to one segment: followers pay
nothing, we pay per segment. Followers whose number belongs to a member who gave an
e-mail address also get the whole update by e-mail, in the member's language.
"""
import logging

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.accounts.models import User
from app.extensions import db
from app.funding.models import Contribution, Project, ProjectFollower, ProjectUpdate
from app.jobs import enqueue_after_commit
from app.links import public_url
from app.mail.outbox import queue_email
from app.payments.models import Payment
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe, sms_amount

log = logging.getLogger(__name__)
MILESTONES = (50, 100)


def follow(project, phone, user=None):
    """Idempotent: following twice keeps one subscription. A new follower's first SMS says
    what they signed up for and how to stop, so a number typed by someone else can stop too."""
    existing = db.session.scalar(select(ProjectFollower).where(ProjectFollower.project_id == project.id,
                                                               ProjectFollower.phone == phone))
    if existing is None:
        existing = ProjectFollower(project_id=project.id, phone=phone, user_id=user.id if user else None)
        db.session.add(existing)
        db.session.flush()
        queue_sms(phone, welcome_text(project), f"follow:{project.id}")
    return existing


def welcome_text(project):
    """One GSM-7 segment: the project, and the page where the same number stops its news."""
    stop = public_url("funding.project", code=project.short_code) + "#suivre"
    return f"Vous suivez {gsm7_safe(project.title)[:50]} sur Karangou. Pour arreter : {stop}"


def unfollow(project, phone):
    db.session.execute(ProjectFollower.__table__.delete().where(ProjectFollower.project_id == project.id,
                                                                ProjectFollower.phone == phone))


def post_update(project, author, title, body):
    news = ProjectUpdate(project_id=project.id, author_id=author.id, title=title.strip()[:200], body=body.strip())
    db.session.add(news)
    db.session.flush()
    enqueue_after_commit(send_news, project.id, "update", news.id)
    return news


def check_milestone(project_id):
    """After money came in: announces 50 % and 100 % once each (a guarded UPDATE claims it)."""
    project = db.session.get(Project, project_id)
    reached = max((m for m in MILESTONES if project.raised_fcfa * 100 >= project.goal_fcfa * m), default=0)
    if reached <= project.milestone_pct:
        return
    claimed = db.session.execute(update(Project).where(Project.id == project_id, Project.milestone_pct < reached)
                                 .values(milestone_pct=reached))
    if claimed.rowcount:
        enqueue_after_commit(send_news, project_id, f"milestone{reached}", None)


def announce_end(project):
    enqueue_after_commit(send_news, project.id, "end", None)


def news_text(project, kind, update_title=None):
    link = public_url("funding.short_link", code=project.short_code)
    title = gsm7_safe(project.title)[:60]
    texts = {
        "update": f'{title} : {gsm7_safe(update_title or "")[:60]}. {link}',
        "milestone50": f"{title} a atteint la moitie de son objectif ! Merci. {link}",
        "milestone100": f"{title} est finance a 100 % ! Merci a vous. {link}",
        "end": (f"{title} : la collecte est terminee, objectif atteint. Merci ! {link}"
                if project.status == "funded" else
                f"{title} : la collecte est terminee sans atteindre l'objectif. {link}"),
    }
    return texts[kind]


def send_news(project_id, kind, update_id):
    """Job: one SMS per follower. Safe to run twice: a follower gets each piece of news once."""
    from app.sms.models import SmsMessage

    project = db.session.get(Project, project_id)
    if project is None:
        return
    news = db.session.get(ProjectUpdate, update_id) if update_id else None
    text = news_text(project, kind, news.title if news else None)
    tag = f"news:{project_id}:{kind}:{update_id or 0}"
    already = set(db.session.scalars(select(SmsMessage.to_phone).where(SmsMessage.kind == tag)))
    phones = db.session.scalars(select(ProjectFollower.phone).where(ProjectFollower.project_id == project_id))
    count = 0
    for phone in phones:
        if phone not in already:
            queue_sms(phone, text, tag)
            count += 1
    emails = _email_followers(project, kind, news, tag)
    db.session.commit()
    log.info("project %s news %s queued for %d follower(s), %d by e-mail", project_id, kind, count, emails)


def _email_followers(project, kind, news, tag):
    """One e-mail per member address among the followers; queue_email skips those already sent."""
    members = db.session.scalars(
        select(User).join(ProjectFollower, (ProjectFollower.user_id == User.id) | (ProjectFollower.phone == User.phone))
        .where(ProjectFollower.project_id == project.id, User.email.is_not(None), User.disabled_at.is_(None))
        .distinct()
    ).all()
    link = public_url("funding.project", code=project.short_code)
    for member in members:
        with force_locale(member.locale or "fr"):
            subject = _("News from the project %(title)s", title=project.title)
            body = render_template("mail/news.txt", project=project, kind=kind, update=news, link=link)
        queue_email(member.email, subject, body, tag)
    return len(members)


# What contributors are told when a project is taken down or put back; one GSM-7 segment each.
TAKEDOWN_TEXTS = {
    "suspend": ("Karangou : la collecte {title} est suspendue. Votre don de {amount} FCFA reste "
                "enregistree ; nous vous tiendrons informe."),
    "cancel": ("Karangou : la collecte {title} est annulee. Vos {amount} FCFA vous sont rembourses sur "
               "votre compte mobile money."),
    "reinstate": "Karangou : la collecte {title} reprend. Merci de votre soutien. {link}",
}
TOLD_STATUSES = ("pending", "succeeded", "refund_pending", "refunded")  # refunds may run first


def tell_contributors(project_id, kind, decision_id):
    """Job: one SMS per contributor's number about a take-down (`suspend`, `cancel`) or a
    reinstatement, with what they gave. Safe to run twice: the tag (the decision's audit
    entry) marks who was told. Card payers left no number: they are not told by SMS."""
    from app.sms.models import SmsMessage

    project = db.session.get(Project, project_id)
    if project is None or kind not in TAKEDOWN_TEXTS:
        return
    tag = f"takedown:{kind}:{decision_id}"
    already = set(db.session.scalars(select(SmsMessage.to_phone).where(SmsMessage.kind == tag)))
    given = db.session.execute(
        select(Payment.phone, func.sum(Contribution.amount_fcfa))
        .join(Contribution, Payment.contribution_id == Contribution.id)
        .where(Contribution.project_id == project_id, Contribution.status.in_(TOLD_STATUSES),
               Payment.phone.is_not(None), Payment.status.in_(("created", "awaiting_payer", "succeeded", "refunded")))
        .group_by(Payment.phone).order_by(Payment.phone)
    ).all()
    link = public_url("funding.short_link", code=project.short_code)
    title = gsm7_safe(project.title)[:40]
    count = 0
    for phone, amount in given:
        if phone not in already:
            queue_sms(phone, TAKEDOWN_TEXTS[kind].format(title=title, amount=sms_amount(amount), link=link), tag)
            count += 1
    db.session.commit()
    log.info("project %s %s: %d contributor(s) told by SMS", project_id, kind, count)
