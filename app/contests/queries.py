"""Reads of contests shared by pages, the back office and streaming; the leaderboard kept in Redis."""
import json
import logging

from flask import abort
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.catalog import freshness
from app.catalog.models import Film
from app.contests.models import Ballot, Candidate, Contest
from app.extensions import db

log = logging.getLogger(__name__)
PUBLIC_STATUSES = ("open", "closed")
LEADERBOARD_SECONDS = 10  # how stale the ranking may be: a vote shows within this, the page costs one GET
LEADERBOARD_SIZE = 20


def public_contest_or_404(slug):
    contest = db.session.scalar(select(Contest).where(Contest.slug == slug[:60],
                                                      Contest.status.in_(PUBLIC_STATUSES)))
    if contest is None:
        abort(404)
    return contest


def shown(query):
    """Candidates the public sees: approved, with a film ready to play."""
    return query.join(Film, Film.id == Candidate.film_id).where(Candidate.status == "approved",
                                                                 Film.video_status == "ready")


def candidate_or_404(contest, candidate_id):
    candidate = db.session.scalar(shown(select(Candidate).options(joinedload(Candidate.film)))
                                  .where(Candidate.contest_id == contest.id, Candidate.id == candidate_id))
    if candidate is None:
        abort(404)
    return candidate


def _leaderboard_key(contest_id):
    return f"{freshness.prefix()}:contest:{contest_id}:leaderboard"


def forget_leaderboard(contest_id):
    """A candidate joined or left the running: the next page shows it without waiting for the expiry."""
    try:
        freshness.redis().delete(_leaderboard_key(contest_id))
    except RedisError:
        pass  # it expires within LEADERBOARD_SECONDS anyway


def leaderboard(contest):
    """[{id, title, votes}] best first, read from Redis when less than LEADERBOARD_SECONDS old."""
    key = _leaderboard_key(contest.id)
    try:
        stored = freshness.redis().get(key)
        if stored is not None:
            return json.loads(stored)
    except RedisError as error:
        log.warning("leaderboard cache unavailable: %s", error)
    rows = db.session.execute(shown(select(Candidate.id, Film.title, Candidate.votes_count))
                              .where(Candidate.contest_id == contest.id)
                              .order_by(Candidate.votes_count.desc(), Candidate.id).limit(LEADERBOARD_SIZE)).all()
    ranking = [{"id": cid, "title": title, "votes": votes} for cid, title, votes in rows]
    try:
        freshness.redis().set(key, json.dumps(ranking), ex=LEADERBOARD_SECONDS)
    except RedisError:
        pass
    return ranking


def is_public_entry(film_id):
    """The film of an approved candidate in a contest the public sees: its renditions may stream."""
    return db.session.scalar(select(Candidate.id).join(Contest, Contest.id == Candidate.contest_id)
                             .where(Candidate.film_id == film_id, Candidate.status == "approved",
                                    Contest.status.in_(PUBLIC_STATUSES)).limit(1)) is not None


def own_candidate(contest, user):
    return db.session.scalar(select(Candidate).where(Candidate.contest_id == contest.id,
                                                     Candidate.owner_id == user.id))


def contests_for_admin():
    return db.session.scalars(select(Contest).order_by(Contest.id.desc())).all()


def held_ballots(contest):
    return db.session.scalars(select(Ballot).options(joinedload(Ballot.candidate).joinedload(Candidate.film))
                              .where(Ballot.contest_id == contest.id, Ballot.status == "held")
                              .order_by(Ballot.id)).all()


def open_contests():
    return db.session.scalars(select(Contest).where(Contest.status.in_(PUBLIC_STATUSES))
                              .order_by(Contest.ends_at.desc())).all()
