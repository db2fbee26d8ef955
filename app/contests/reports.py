"""A contest's spreadsheets for administrators: candidates, ballots (votes) and transactions,
written through app/exports.py so no cell can carry a formula. Numbers are masked (operators.mask)."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import exports
from app.contests.models import Ballot, Candidate
from app.extensions import db
from app.funding.models import LedgerLeg, LedgerTransaction
from app.payments.models import Payment
from app.payments.operators import mask


def candidates_csv(contest):
    rows = db.session.scalars(select(Candidate).options(joinedload(Candidate.film))
                              .where(Candidate.contest_id == contest.id)
                              .order_by(Candidate.votes_count.desc(), Candidate.id)).all()
    return exports.csv_text(["candidate", "film", "status", "votes", "submitted_at"],
                            ([c.id, c.film.title, c.status, c.votes_count, c.submitted_at.isoformat()] for c in rows))


def ballots_csv(contest):
    rows = db.session.execute(select(Ballot, Payment.short_code, Payment.status)
                              .outerjoin(Payment, Payment.ballot_id == Ballot.id)
                              .where(Ballot.contest_id == contest.id).order_by(Ballot.id)).all()
    return exports.csv_text(
        ["ballot", "candidate", "votes", "amount_fcfa", "status", "hold_reason", "phone", "payment", "payment_status",
         "created_at"],
        ([b.id, b.candidate_id, b.votes, b.amount_fcfa, b.status, b.hold_reason or "", mask(b.phone) if b.phone else "",
          code or "", status or "", b.created_at.isoformat()] for b, code, status in rows))


def transactions_csv(contest):
    """Every leg of the transactions booking the contest's votes (each sums to zero), in order."""
    ours = select(LedgerLeg.transaction_id).where(LedgerLeg.contest_id == contest.id)
    rows = db.session.execute(select(LedgerTransaction.id, LedgerTransaction.kind, LedgerTransaction.key,
                                     LedgerTransaction.created_at, LedgerLeg.account, LedgerLeg.provider,
                                     LedgerLeg.amount_fcfa)
                              .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
                              .where(LedgerTransaction.id.in_(ours)).order_by(LedgerTransaction.id, LedgerLeg.id)).all()
    return exports.csv_text(["transaction", "kind", "key", "account", "provider", "amount_fcfa", "created_at"],
                            ([tid, kind, key, account, provider or "", amount, when.isoformat()]
                             for tid, kind, key, when, account, provider, amount in rows))
