"""What filmmakers and administrators do with a contest: submit a film, open and close the
contest, approve or refuse candidates, count or reject held ballots. Administrators' decisions
are recorded in the audit log (target: the contest) in the same transaction; functions flush.
"""
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timezone

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.admin import audit
from app.catalog import search
from app.catalog.models import Film
from app.contests import queries, tally
from app.contests.models import Ballot, Candidate, Contest
from app.extensions import db
from app.inputs import whole_number
from app.pages import duration
from app.payments import states
from app.timeutil import utcnow

LONGEST_S = 60  # a contest film lasts a minute at most
DEFAULT_PRICE_FCFA = 100
MOVES = {"open": ("draft",), "close": ("open",)}


class ContestError(ValueError):
    """The action cannot be taken; the message says why, in the reader's language."""


@dataclass
class ContestForm:
    """What the contest form sent, as typed; `clean` fills `values` or `errors`."""

    title: str = ""
    theme: str = ""
    rules: str = ""
    prize: str = ""
    starts_on: str = ""
    ends_on: str = ""
    price: str = str(DEFAULT_PRICE_FCFA)
    errors: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    @classmethod
    def from_form(cls, form):
        limits = {"title": 120, "theme": 200, "prize": 200, "rules": 4000, "starts_on": 40, "ends_on": 40, "price": 40}
        return cls(**{name: (form.get(name) or "").strip()[:size] for name, size in limits.items()})

    def clean(self):
        if not self.title:
            self.errors["title"] = _("Give the contest a title.")
        starts, ends = _day(self.starts_on), _day(self.ends_on)
        if starts is None:
            self.errors["starts_on"] = _("A date such as 2027-01-15.")
        if ends is None:
            self.errors["ends_on"] = _("A date such as 2027-01-15.")
        elif starts is not None and ends < starts:
            self.errors["ends_on"] = _("The contest ends on or after the day it starts.")
        low = current_app.config["PAYMENT_MIN_FCFA"]
        price = whole_number(self.price.replace(" ", ""), low, 100_000)
        if price is None:
            self.errors["price"] = _("A whole number of FCFA, at least %(low)s.", low=low)
        if not self.errors:
            self.values = dict(title=self.title, theme=self.theme, rules=self.rules, prize=self.prize,
                               vote_price_fcfa=price, starts_at=datetime.combine(starts, time.min, timezone.utc),
                               ends_at=datetime.combine(ends, time.max, timezone.utc))
        return not self.errors


def _day(text):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


def create_contest(admin, form):
    base = re.sub(r"[^a-z0-9]+", "-", search.fold(form.values["title"])).strip("-")[:40] or "concours"
    slug = base
    if db.session.scalar(select(func.count()).select_from(Contest).where(Contest.slug == slug)):
        slug = f"{base}-{secrets.token_hex(3)}"
    contest = Contest(slug=slug, status="draft", **form.values)
    db.session.add(contest)
    db.session.flush()
    audit.record(admin, "contest.create", "contest", contest.id, contest.title)
    return contest


def _locked(model, row_id):
    """The row re-read under a lock: two administrators deciding at once decide once."""
    return db.session.get(model, row_id, with_for_update=True, populate_existing=True)


def move_contest(admin, contest, action):
    """Opens a draft or closes an open contest; ContestError otherwise."""
    contest = _locked(Contest, contest.id)
    if contest.status not in MOVES[action]:
        raise ContestError(_("This contest cannot be changed that way any more."))
    contest.status = "open" if action == "open" else "closed"
    db.session.flush()
    audit.record(admin, f"contest.{action}", "contest", contest.id, contest.title)


def films_to_submit(user):
    return db.session.scalars(select(Film).where(Film.owner_id == user.id, Film.kind == "film")
                              .order_by(Film.id.desc())).all()


def submit(contest, user, film_id):
    """The filmmaker's film as a candidate, awaiting approval; ContestError says why not."""
    if contest.status != "open":
        raise ContestError(_("This contest does not take films any more."))
    film = db.session.scalar(select(Film).where(Film.id == film_id, Film.owner_id == user.id, Film.kind == "film"))
    if film is None:
        raise ContestError(_("Choose one of your films."))
    if film.duration_s is None or film.video_status != "ready":
        raise ContestError(_("This film's video is not ready yet: send it from your studio and wait for it to "
                             "be prepared."))
    if film.duration_s > LONGEST_S:
        raise ContestError(_("This film lasts %(length)s; a contest film lasts %(longest)s at most.",
                             length=duration(film.duration_s), longest=duration(LONGEST_S)))
    if db.session.scalar(select(Candidate.id).where(Candidate.contest_id == contest.id,
                                                    Candidate.owner_id == user.id)):
        raise ContestError(_("You have already sent a film to this contest."))
    candidate = Candidate(contest_id=contest.id, film_id=film.id, owner_id=user.id, status="submitted")
    try:
        with db.session.begin_nested():
            db.session.add(candidate)
    except IntegrityError:  # the same form sent twice at the same moment: the other one won
        raise ContestError(_("You have already sent a film to this contest.")) from None
    return candidate


def decide_candidate(admin, candidate, approve):
    candidate = _locked(Candidate, candidate.id)
    if candidate.status != "submitted":
        raise ContestError(_("This film has already been decided."))
    candidate.status = "approved" if approve else "refused"
    candidate.decided_at = utcnow()
    db.session.flush()
    queries.forget_leaderboard(candidate.contest_id)
    action = "approve_candidate" if approve else "refuse_candidate"
    audit.record(admin, f"contest.{action}", "contest", candidate.contest_id,
                 f"candidate {candidate.id}: {candidate.film.title}")


def decide_ballot(admin, ballot, count):
    """A held ballot counted once, or rejected: its money is then owed back to the payer, which a
    person gives back (recorded on its payment as a refund to make by hand)."""
    done = tally.count_held(ballot.id) if count else tally.reject_held(ballot.id)
    if not done:
        raise ContestError(_("This vote has already been decided."))
    if not count and ballot.payment is not None:
        states.record_event(ballot.payment, "refund", "refund_manual",
                            f"ballot {ballot.id} rejected as suspicious: give {ballot.amount_fcfa} FCFA back")
    action = "count_ballot" if count else "reject_ballot"
    audit.record(admin, f"contest.{action}", "contest", ballot.contest_id,
                 f"ballot {ballot.id}: {ballot.votes} vote(s), {ballot.amount_fcfa} FCFA ({ballot.hold_reason})")


def ballot_or_none(contest, ballot_id):
    return db.session.scalar(select(Ballot).where(Ballot.id == ballot_id, Ballot.contest_id == contest.id))
