"""Voting is paying: a ballot of N votes at the contest's price, through the payments engine's
pay form, checks, limits and jobs (`checkout.open_payment`).

Anti-fraud, decided when the ballot is cast, while its number and address are locked (PostgreSQL
advisory locks taken by the payment limits, until the commit): at most CONTEST_VOTES_PER_MINUTE
votes (vote units, every ballot asked for, paid or not) a minute per number and per address,
beyond which the vote is refused (429); a ballot within CONTEST_RAPID_SECONDS of the previous one
from the same number or address, or from an address that has voted for CONTEST_MANY_CANDIDATES
candidates of the contest within CONTEST_MANY_WINDOW_SECONDS, is flagged: paid normally, held
out of the count until an administrator decides (tally.py).
"""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.contests import tally
from app.contests.models import Ballot
from app.extensions import db
from app.i18n import time_until
from app.inputs import whole_number
from app.payments import checkout
from app.timeutil import as_utc, utcnow


def most_votes():
    return current_app.config["CONTEST_VOTES_PER_MINUTE"]


def read_votes(pay, typed, contest):
    """The number of votes asked for, and the amount it costs written into `pay`; errors keyed "votes"."""
    votes = whole_number((typed or "").strip(), 1, most_votes())
    if votes is None:
        pay.errors["votes"] = _("Choose between 1 and %(n)s votes.", n=most_votes())
        votes = 1
    pay.amount = str(votes * contest.vote_price_fcfa)
    return votes


def start_vote(candidate, pay, votes, client_ip):
    """A pending Ballot of `votes` for `candidate` and its Payment, for a cleaned PayRequest; flushes.
    Raises checkout.LimitReached beyond the votes allowed a minute."""
    phone = pay.wallet.phone if pay.method != "card" and pay.wallet else None

    def ballot_for(payment):
        _check_vote_limit(phone, client_ip, votes)
        ballot = tally.new_ballot(contest_id=candidate.contest_id, candidate_id=candidate.id, votes=votes,
                                  amount_fcfa=pay.amount_fcfa, phone=phone, client_ip=client_ip,
                                  hold_reason=_suspicion(candidate, phone, client_ip))
        payment.ballot_id = ballot.id

    return checkout.open_payment(pay, client_ip, ballot_for, f"candidate {candidate.id}")


def _by(phone, client_ip):
    return [column == value for column, value in ((Ballot.phone, phone), (Ballot.client_ip, client_ip)) if value]


def _check_vote_limit(phone, client_ip, votes):
    since = utcnow() - timedelta(minutes=1)
    for column, value in ((Ballot.phone, phone), (Ballot.client_ip, client_ip)):
        if not value:
            continue
        rows = db.session.execute(select(Ballot.created_at, Ballot.votes).where(column == value,
                                                                                Ballot.created_at >= since)
                                  .order_by(Ballot.created_at)).all()
        if sum(n for _, n in rows) + votes <= most_votes():
            continue
        wait = max(1, int((as_utc(rows[0][0]) - since).total_seconds()) + 1) if rows else 60
        if column is Ballot.phone:
            message = _("This number has already voted %(n)s times in the last minute. Please try again %(wait)s.",
                        n=most_votes(), wait=time_until(wait))
        else:
            message = _("Too many votes from this connection in the last minute. Please try again %(wait)s.",
                        wait=time_until(wait))
        raise checkout.LimitReached(message, wait)


def _suspicion(candidate, phone, client_ip):
    """Why a ballot about to be cast looks like a script rather than a fan, or None."""
    config = current_app.config
    conditions = _by(phone, client_ip)
    if not conditions:
        return None
    now = utcnow()
    rapid = select(func.count()).select_from(Ballot).where(
        or_(*conditions), Ballot.status != "failed",
        Ballot.created_at >= now - timedelta(seconds=config["CONTEST_RAPID_SECONDS"]))
    if db.session.scalar(rapid):
        return "rapid"
    if client_ip:
        others = db.session.scalars(select(Ballot.candidate_id).distinct().where(
            Ballot.client_ip == client_ip, Ballot.contest_id == candidate.contest_id, Ballot.status != "failed",
            Ballot.candidate_id != candidate.id,
            Ballot.created_at >= now - timedelta(seconds=config["CONTEST_MANY_WINDOW_SECONDS"]))).all()
        if len(others) + 1 >= config["CONTEST_MANY_CANDIDATES"]:
            return "many_candidates"
    return None
