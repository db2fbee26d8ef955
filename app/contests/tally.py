"""The count: the only writer of ballot statuses and candidates' vote totals.

A candidate's votes_count always equals the votes of its counted ballots. Each move is one of
MOVES and a guarded UPDATE (the ballot must still be in the state it moves from), so a second
call, in this transaction or another, changes nothing: a duplicate callback, or a poll racing
a callback, counts a ballot once. `settle` is called by app/payments/outcomes.py under the
payment row lock. Money is booked here too (app/funding/books.py): a confirmed ballot, counted
or held, moves its amount from the provider's clearing account into the contest's escrow; a
rejected one from that escrow to refunds due. Functions flush; the caller commits.
"""
import logging

from sqlalchemy import select, text, update

from app.contests.models import Ballot, Candidate
from app.extensions import db
from app.funding import books
from app.timeutil import utcnow

log = logging.getLogger(__name__)
MOVES = {
    "pending": {"counted", "held", "failed"},
    "failed": {"counted", "held"},  # an expired payment confirmed paid later: the money is there
    "held": {"counted", "rejected"},  # an administrator's decision
    "counted": set(),
    "rejected": set(),
}


def new_ballot(**fields):
    ballot = Ballot(status="pending", **fields)
    db.session.add(ballot)
    db.session.flush()
    return ballot


def _move(ballot_id, status_from, status_to, **values):
    """One guarded move; the moved row's (contest_id, candidate_id, votes, amount_fcfa), or None."""
    if status_to not in MOVES[status_from]:
        raise ValueError(f"ballot {ballot_id}: {status_from} -> {status_to} is not allowed")
    return db.session.execute(
        update(Ballot).where(Ballot.id == ballot_id, Ballot.status == status_from)
        .values(status=status_to, **values)
        .returning(Ballot.contest_id, Ballot.candidate_id, Ballot.votes, Ballot.amount_fcfa)
    ).first()


def _add_votes(candidate_id, votes):
    db.session.execute(update(Candidate).where(Candidate.id == candidate_id)
                       .values(votes_count=Candidate.votes_count + votes))


def settle(ballot_id, status_to, provider):
    """The ballot's payment reached `status_to`: a paid ballot is counted, or held when it was
    flagged as suspicious when cast; an unpaid one fails. Returns the new status or None."""
    ballot = db.session.get(Ballot, ballot_id, populate_existing=True)
    if ballot is None:
        return None
    if status_to == "succeeded":
        to = "held" if ballot.hold_reason else "counted"
        moved = _move(ballot_id, ballot.status, to) if to in MOVES.get(ballot.status, ()) else None
        if moved is None:
            return None
        contest_id, candidate_id, votes, amount = moved
        if to == "counted":
            _add_votes(candidate_id, votes)
        books.post("vote", f"vote:{ballot_id}", [("clearing", provider, None, -amount),
                                                 ("contest_escrow", None, None, amount, contest_id)])
        log.info("ballot %s %s: %s vote(s) for candidate %s", ballot_id, to, votes, candidate_id)
    elif status_to in ("failed", "expired"):
        if _move(ballot_id, "pending", "failed") is None:
            return None
        to = "failed"
    else:
        return None
    db.session.flush()
    db.session.expire_all()
    return to


def count_held(ballot_id):
    """An administrator found a held ballot genuine: its votes join the total, once."""
    moved = _move(ballot_id, "held", "counted", decided_at=utcnow())
    if moved is not None:
        _add_votes(moved[1], moved[2])
    db.session.flush()
    return moved is not None


def reject_held(ballot_id):
    """An administrator refused a held ballot: never counted; its money is owed back to the payer."""
    moved = _move(ballot_id, "held", "rejected", decided_at=utcnow())
    if moved is not None:
        contest_id, _, _, amount = moved
        books.post("vote_void", f"vote_void:{ballot_id}", [("contest_escrow", None, None, -amount, contest_id),
                                                           ("refunds_due", None, None, amount, contest_id)])
    db.session.flush()
    return moved is not None


def problems():
    """Where the count and the books disagree, as readable lines; empty when all is well."""
    lines = [f"candidate {cid}: {total} votes cached, counted ballots say {counted}" for cid, total, counted in
             db.session.execute(text("""
        SELECT c.id, c.votes_count, COALESCE((SELECT SUM(b.votes) FROM ballots b
                                              WHERE b.candidate_id = c.id AND b.status = 'counted'), 0)
        FROM candidates c ORDER BY c.id""")) if total != counted]
    rows = db.session.execute(text("""
        SELECT k.id,
          COALESCE((SELECT SUM(l.amount_fcfa) FROM ledger_legs l WHERE l.account = 'contest_escrow'
                    AND l.contest_id = k.id), 0),
          COALESCE((SELECT SUM(b.amount_fcfa) FROM ballots b WHERE b.contest_id = k.id
                    AND b.status IN ('counted', 'held')), 0),
          COALESCE((SELECT SUM(l.amount_fcfa) FROM ledger_legs l WHERE l.account = 'refunds_due'
                    AND l.contest_id = k.id), 0),
          COALESCE((SELECT SUM(b.amount_fcfa) FROM ballots b WHERE b.contest_id = k.id
                    AND b.status = 'rejected'), 0)
        FROM contests k ORDER BY k.id""")).all()
    for contest_id, escrow, paid, refunds_due, rejected in rows:
        if escrow != paid:
            lines.append(f"contest {contest_id}: escrow {escrow} FCFA, counted and held ballots {paid} FCFA")
        if refunds_due != rejected:
            lines.append(f"contest {contest_id}: refunds due {refunds_due} FCFA, rejected ballots {rejected} FCFA")
    unpaid = db.session.scalars(select(Ballot.id).join(Ballot.payment).where(
        Ballot.status.in_(("counted", "held", "rejected")), text("payments.status <> 'succeeded'"))).all()
    lines += [f"ballot {bid}: counted or held without a succeeded payment" for bid in unpaid]
    unsettled = db.session.scalars(select(Ballot.id).join(Ballot.payment).where(
        Ballot.status.in_(("pending", "failed")), text("payments.status = 'succeeded'"))).all()
    lines += [f"ballot {bid}: paid but neither counted nor held" for bid in unsettled]
    return lines
