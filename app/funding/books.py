"""Double-entry books: every movement of money is one transaction whose legs sum to zero.

Called by app/funding/ledger.py (and app/contests/tally.py for votes) alone, in the same
transaction as the move it books, so a contribution's status, its project's cached
`raised_fcfa` and the legs change together or not at all. A transaction's `key` names what it books ("credit:<contribution id>"): the
same movement can never be booked twice.

Accounts (LEDGER_ACCOUNTS, see the sign rule in models.py): `clearing` per provider, what
it holds for us; `escrow` per project, money raised and not yet released; `payable` per
project, owed to its filmmaker; `platform_fees`; `provider_fees` (no provider we use reports
a fee on a payment or a payout, so nothing is booked there yet); `refunds_due`;
`contest_escrow` per contest, its paid votes (app/contests/tally.py books them here too).
"""
from sqlalchemy import func, select, text

from app.extensions import db
from app.funding.models import LedgerLeg, LedgerTransaction


class UnbalancedTransaction(ValueError):
    """Legs that do not sum to zero: a bug, never written."""


def post(kind, key, legs, project_id=None, contribution_id=None):
    """Writes one transaction of `legs` [(account, provider, project_id, amount_fcfa)], a contest's
    legs with its id fifth; flushes. Legs of 0 FCFA are left out; a transaction with nothing
    left is not written."""
    legs = [leg for leg in legs if leg[3]]
    if sum(leg[3] for leg in legs) != 0:
        raise UnbalancedTransaction(f"{key}: legs sum to {sum(leg[3] for leg in legs)} FCFA")
    if not legs:
        return None
    transaction = LedgerTransaction(kind=kind, key=key, project_id=project_id, contribution_id=contribution_id)
    transaction.legs = [LedgerLeg(account=account, provider=provider, project_id=project, amount_fcfa=int(amount),
                                  contest_id=contest[0] if contest else None)
                        for account, provider, project, amount, *contest in legs]
    db.session.add(transaction)
    db.session.flush()
    return transaction


def provider_of(contribution_id):
    """The provider that took a contribution's money ("manual" when no payment says)."""
    found = db.session.execute(text(
        "SELECT provider FROM payments WHERE contribution_id = :c AND status IN ('succeeded', 'refunded') "
        "ORDER BY id LIMIT 1"), {"c": contribution_id}).scalar()
    return found or "manual"


def balance(account, project_id=None, provider=None):
    query = select(func.coalesce(func.sum(LedgerLeg.amount_fcfa), 0)).where(LedgerLeg.account == account)
    if project_id is not None:
        query = query.where(LedgerLeg.project_id == project_id)
    if provider is not None:
        query = query.where(LedgerLeg.provider == provider)
    return int(db.session.scalar(query))


def project_statement(project_id):
    """{kind: escrow amount} for one project: what was credited, held back, released."""
    rows = db.session.execute(
        select(LedgerTransaction.kind, func.sum(LedgerLeg.amount_fcfa))
        .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
        .where(LedgerLeg.account == "escrow", LedgerLeg.project_id == project_id)
        .group_by(LedgerTransaction.kind)).all()
    return {kind: int(total) for kind, total in rows}


def problems():
    """Transactions that do not balance, and projects whose cached total or escrow disagree."""
    lines = [f"ledger transaction {tid} ({key}): legs sum to {total} FCFA" for tid, key, total in db.session.execute(
        select(LedgerTransaction.id, LedgerTransaction.key, func.sum(LedgerLeg.amount_fcfa))
        .join(LedgerLeg, LedgerLeg.transaction_id == LedgerTransaction.id)
        .group_by(LedgerTransaction.id, LedgerTransaction.key)
        .having(func.sum(LedgerLeg.amount_fcfa) != 0).order_by(LedgerTransaction.id))]
    rows = db.session.execute(text("""
        SELECT p.id, p.raised_fcfa,
          COALESCE((SELECT SUM(l.amount_fcfa) FROM ledger_legs l JOIN ledger_transactions t ON t.id = l.transaction_id
                    WHERE l.account = 'escrow' AND l.project_id = p.id AND t.kind IN ('credit', 'hold')), 0),
          COALESCE((SELECT SUM(l.amount_fcfa) FROM ledger_legs l WHERE l.account = 'escrow' AND l.project_id = p.id), 0),
          COALESCE((SELECT SUM(c.amount_fcfa) FROM contributions c WHERE c.project_id = p.id
                    AND c.status = 'succeeded'), 0),
          COALESCE((SELECT -SUM(l.amount_fcfa) FROM ledger_legs l JOIN ledger_transactions t ON t.id = l.transaction_id
                    WHERE l.account = 'escrow' AND l.project_id = p.id AND t.kind = 'release'), 0)
        FROM projects p ORDER BY p.id""")).all()
    for project_id, raised, credited, escrow, succeeded, released in rows:
        if raised != credited:
            lines.append(f"project {project_id}: raised {raised} FCFA cached, escrow credits {credited} FCFA")
        if escrow != succeeded - released:
            lines.append(f"project {project_id}: escrow {escrow} FCFA, succeeded contributions {succeeded} FCFA "
                         f"less {released} FCFA released for payout")
    return lines + _payout_problems()


def _payout_problems():
    """What each project owes its filmmaker: its payout's amount until it is paid, then nothing."""
    rows = db.session.execute(text("""
        SELECT p.project_id, p.status, p.amount_fcfa, p.fee_fcfa,
          COALESCE((SELECT SUM(l.amount_fcfa) FROM ledger_legs l WHERE l.account = 'payable'
                    AND l.project_id = p.project_id), 0),
          COALESCE((SELECT SUM(l.amount_fcfa) FROM ledger_legs l WHERE l.account = 'platform_fees'
                    AND l.project_id = p.project_id), 0)
        FROM payouts p ORDER BY p.project_id""")).all()
    lines = []
    for project_id, status, amount, fee, payable, fees in rows:
        owed = 0 if status == "paid" else amount
        if payable != owed:
            lines.append(f"project {project_id}: payable {payable} FCFA, payout ({status}) says {owed} FCFA")
        if fees != fee:
            lines.append(f"project {project_id}: platform fees booked {fees} FCFA, payout fee {fee} FCFA")
    return lines


def clearing_balances():
    """{provider: FCFA it should hold for us}, from our clearing legs."""
    rows = db.session.execute(select(LedgerLeg.provider, func.sum(LedgerLeg.amount_fcfa))
                              .where(LedgerLeg.account == "clearing").group_by(LedgerLeg.provider)).all()
    return {provider: -int(total) for provider, total in rows}
