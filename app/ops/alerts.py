"""Alerts: each failing check is told once per incident, and once more when it clears.

`run` reads every check (app/ops/checks.py), opens an incident for a check that starts
failing, keeps it while it fails, closes it when the check passes, and queues one e-mail and
one SMS per recipient at each opening and closing, through the app's outboxes (`queue_email`,
`queue_sms`: sent by a job after the commit). It flushes; the command commits.

Recipients: ALERT_EMAILS and ALERT_PHONES when set, otherwise every active administrator's
e-mail address and phone number.
"""
import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.extensions import db
from app.mail.outbox import queue_email
from app.ops.checks import CHECKS, read_all
from app.ops.models import Incident
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe
from app.timeutil import utcnow

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    check: str
    state: str  # raised | ongoing | cleared | ok | unknown
    detail: str = ""


def recipients():
    """(e-mail addresses, phone numbers) that alerts go to."""
    config = current_app.config
    emails = _split(config.get("ALERT_EMAILS"))
    phones = _split(config.get("ALERT_PHONES"))
    if not emails or not phones:
        admins = db.session.execute(select(User.email, User.phone).where(
            User.role == "admin", User.disabled_at.is_(None)).order_by(User.id)).all()
        emails = emails or [email for email, _phone in admins if email]
        phones = phones or [phone for _email, phone in admins if phone]
    return emails, phones


def _split(value):
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def run(readings=None):
    """Applies one round of readings; returns what happened to each check. Safe to run twice at
    once: the second run to open an incident finds it open and tells nobody."""
    readings = read_all() if readings is None else readings
    outcomes = []
    for name, reading in readings.items():
        if reading is None:
            outcomes.append(Outcome(name, "unknown"))
            continue
        failing, detail = reading
        outcomes.append(Outcome(name, _apply(name, failing, detail[:200]), detail))
    db.session.flush()
    return outcomes


def _apply(name, failing, detail):
    incident = db.session.scalar(select(Incident).where(Incident.check_name == name, Incident.cleared_at.is_(None)))
    now = utcnow()
    if incident is not None:
        if failing:
            incident.last_detail, incident.last_seen_at = detail, now
            return "ongoing"
        incident.cleared_at, incident.last_detail = now, detail
        db.session.flush()
        _notify(incident, "cleared", detail)
        return "cleared"
    if not failing:
        return "ok"
    try:
        with db.session.begin_nested():
            incident = Incident(check_name=name, detail=detail, last_detail=detail, started_at=now, last_seen_at=now)
            db.session.add(incident)
            db.session.flush()
    except IntegrityError:  # another run opened it a moment ago, and told everyone
        return "ongoing"
    _notify(incident, "raised", detail)
    log.warning("alert %s raised: incident %s", name, incident.id)
    return "raised"


def _notify(incident, phase, detail):
    _reading, label_fr, label_en = CHECKS.get(incident.check_name, (None, incident.check_name, incident.check_name))
    emails, phones = recipients()
    if not (emails or phones):
        log.error("alert %s %s: nobody to tell (set ALERT_EMAILS / ALERT_PHONES or create an admin)",
                  incident.check_name, phase)
    kind = f"alert:{incident.id}:{phase}"
    if phase == "raised":
        subject = f"[Karangou] ALERTE {label_fr} / {label_en} alert"
        sms = f"Karangou ALERTE {label_fr} : {detail}"
        body = (f"{label_fr} : {detail}.\nDepuis le {incident.started_at:%d/%m/%Y à %H:%M} UTC. "
                f"Un seul message par incident ; un autre suivra quand il sera résolu.\n\n"
                f"{label_en} failing since {incident.started_at:%Y-%m-%d %H:%M} UTC (reading above, in French). "
                f"One message per incident; another follows when it clears.\n")
    else:
        minutes = max(1, round((incident.cleared_at - incident.started_at).total_seconds() / 60))
        subject = f"[Karangou] RÉTABLI {label_fr} / {label_en} recovered"
        sms = f"Karangou RETABLI {label_fr} apres {minutes} min : {detail}"
        body = (f"{label_fr} : rétabli après {minutes} min ({detail}).\n\n"
                f"{label_en} recovered after {minutes} min.\n")
    for address in emails:
        queue_email(address, subject, body, kind)
    for phone in phones:
        queue_sms(phone, gsm7_safe(sms)[:160], kind)


def open_incidents():
    return db.session.scalars(select(Incident).where(Incident.cleared_at.is_(None)).order_by(Incident.started_at)).all()
