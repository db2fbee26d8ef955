"""The books: the only writer of contribution statuses and project totals.

A project's raised_fcfa always equals the sum of its succeeded contributions and its
contributors_count their number. Each move below is one of CONTRIBUTION_MOVES (models.py)
and a guarded UPDATE (the row must still be in the state it moves from), so a second call,
in this transaction or another, changes nothing. Functions flush; the caller commits.

- `new_contribution`: born pending, before its payment starts.
- `credit`: a confirmed payment. Counted if its project keeps what it raises, else held
  for refund (an all-or-nothing project that missed its goal, or a cancelled one).
- `fail`: the payment did not go through. `revive`: an expired payment turned out paid.
- `hold_for_refund`: money to give back; a succeeded contribution leaves the totals.
- `mark_refunded`: the provider gave it back.
- `release_for_payout`: a funded project's escrow goes to its filmmaker (less the platform
  fee); `mark_paid_out`: the provider paid the filmmaker.

Every move of money also books its double-entry transaction (app/funding/books.py) here, in
the same flush: a confirmed contribution moves money from the provider's clearing account to
the project's escrow (or to refunds due), a refund from refunds due back out through the
provider, a payout from escrow to the filmmaker's payable and the platform fee. A revived
contribution books nothing by itself: no money moved until it is credited or held.
"""
import logging
from decimal import Decimal

from sqlalchemy import and_, func, not_, or_, select, text, update

from app.catalog import freshness
from app.extensions import db
from app.funding import books
from app.funding.models import CONTRIBUTION_MOVES, Contribution, LedgerTransaction, Project, Reward
from app.timeutil import utcnow

log = logging.getLogger(__name__)
CREDITED, HELD = "credited", "held"
# Where a project's money goes once confirmed: kept while it is live or suspended (held until
# an administrator reinstates or cancels it), once it is funded, and by a flexible project
# whatever its outcome; otherwise (an all-or-nothing project that missed its goal, a cancelled
# one) it goes back to the payer. See docs/decisions.md.
KEEPS_MONEY = or_(Project.status.in_(("live", "suspended", "funded")),
                  and_(Project.status == "not_funded", Project.funding_model == "flexible"))


def new_contribution(**fields):
    contribution = Contribution(status="pending", **fields)
    db.session.add(contribution)
    db.session.flush()
    return contribution


def _move(contribution_id, status_from, status_to, **values):
    """One guarded move; the moved row's (project_id, amount_fcfa, reward_id), or None."""
    if status_to not in CONTRIBUTION_MOVES[status_from]:
        raise ValueError(f"contribution {contribution_id}: {status_from} -> {status_to} is not allowed")
    return db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution_id, Contribution.status == status_from)
        .values(status=status_to, **values)
        .returning(Contribution.project_id, Contribution.amount_fcfa, Contribution.reward_id)
    ).first()


def _add_to_totals(project_id, amount, contributors):
    db.session.execute(
        update(Project).where(Project.id == project_id)
        .values(raised_fcfa=Project.raised_fcfa + amount, contributors_count=Project.contributors_count + contributors)
    )
    # The project's page, its film's (through project:<id>) and the lists with progress bars.
    freshness.mark_changed(db.session, f"project:{project_id}", freshness.PROJECTS)


def _keeps_money_locked(contribution_id):
    """Locks the contribution's project (a close waits for us, or we for it) and applies the rule."""
    query = (select(KEEPS_MONEY).select_from(Project).join(Contribution, Contribution.project_id == Project.id)
             .where(Contribution.id == contribution_id).with_for_update(of=Project))
    return db.session.scalar(query)


def credit(contribution_id):
    """A pending contribution whose payment is confirmed: CREDITED (added to its project),
    HELD (its project gives money back: refund_pending), or None if it was not pending."""
    keeps = _keeps_money_locked(contribution_id)
    if keeps is None:
        return None
    if not keeps:
        held = _move(contribution_id, "pending", "refund_pending")
        if held is None:
            return None
        _book_received(contribution_id, held, "held", "refunds_due")
        db.session.flush()
        log.info("contribution %s paid for a project that gives money back: held for refund", contribution_id)
        return HELD
    changed = _move(contribution_id, "pending", "succeeded", succeeded_at=utcnow())
    if changed is None:
        return None
    project_id, amount, reward_id = changed
    _add_to_totals(project_id, amount, 1)
    _book_received(contribution_id, changed, "credit", "escrow")
    if reward_id is not None and not _claim_reward(reward_id):
        # Sold out meanwhile: the money is kept as a plain contribution, never over-allocated.
        db.session.execute(update(Contribution).where(Contribution.id == contribution_id).values(reward_id=None))
        log.info("reward %s sold out; contribution %s kept without it", reward_id, contribution_id)
    db.session.flush()
    db.session.expire_all()
    log.info("contribution %s credited %s FCFA to project %s", contribution_id, amount, project_id)
    return CREDITED


def _claim_reward(reward_id):
    claimed = db.session.execute(
        update(Reward)
        .where(Reward.id == reward_id, (Reward.quantity.is_(None)) | (Reward.claimed_count < Reward.quantity))
        .values(claimed_count=Reward.claimed_count + 1)
    )
    return claimed.rowcount == 1


def fail(contribution_id):
    """A pending contribution whose payment did not go through; nothing to take back."""
    return _moved(contribution_id, "pending", "failed")


def revive(contribution_id):
    """An expired payment turned out paid: its failed contribution is pending again, to be credited."""
    return _moved(contribution_id, "failed", "pending")


def hold_for_refund(contribution_id):
    """Money to give back: a succeeded contribution leaves its project's totals; a pending one
    (paid after the close) never entered them. False if it was neither."""
    changed = _move(contribution_id, "succeeded", "refund_pending")
    if changed is not None:
        project_id, amount, _ = changed
        _add_to_totals(project_id, -amount, -1)
        books.post("hold", f"hold:{contribution_id}", [("escrow", None, project_id, -amount),
                                                        ("refunds_due", None, project_id, amount)],
                   project_id=project_id, contribution_id=contribution_id)
    else:
        held = _move(contribution_id, "pending", "refund_pending")
        if held is None:
            return False
        _book_received(contribution_id, held, "held", "refunds_due")
    db.session.flush()
    return True


def mark_refunded(contribution_id):
    """The payer has the money back; final."""
    changed = _move(contribution_id, "refund_pending", "refunded")
    if changed is not None:
        project_id, amount, _ = changed
        books.post("refund", f"refund:{contribution_id}",
                   [("refunds_due", None, project_id, -amount),
                    ("clearing", books.provider_of(contribution_id), None, amount)],
                   project_id=project_id, contribution_id=contribution_id)
    db.session.flush()
    return changed is not None


def _book_received(contribution_id, moved, kind, account):
    """Money a provider confirmed: out of its clearing account, into `account` of the project."""
    project_id, amount, _ = moved
    books.post(kind, f"{kind}:{contribution_id}", [("clearing", books.provider_of(contribution_id), None, -amount),
                                                   (account, None, project_id, amount)],
               project_id=project_id, contribution_id=contribution_id)


def platform_fee(amount_fcfa, percent):
    """The platform's fee on `amount_fcfa`, in whole FCFA rounded down: the filmmaker never pays
    a fraction of a franc more than the percent says (5 % of 12 345 is 617, not 617.25)."""
    return int(amount_fcfa * Decimal(str(percent)) // 100)


def release_for_payout(project_id, payout_id, percent):
    """A funded project's escrow, as it stands, goes to its filmmaker's payable less the platform
    fee: (gross, fee, net), or None if there is nothing to release or it was released already.
    The project row is locked, so a contribution credited at the same moment lands before
    (and is released) or after (and stays in escrow, for a person to pay)."""
    db.session.execute(select(Project.id).where(Project.id == project_id).with_for_update())
    if db.session.scalar(select(LedgerTransaction.id).where(LedgerTransaction.key == f"release:{project_id}")):
        return None
    gross = books.balance("escrow", project_id=project_id)
    if gross <= 0:
        return None
    fee = platform_fee(gross, percent)
    books.post("release", f"release:{project_id}", [("escrow", None, project_id, -gross),
                                                    ("platform_fees", None, project_id, fee),
                                                    ("payable", None, project_id, gross - fee)],
               project_id=project_id)
    log.info("project %s: %s FCFA released for payout, fee %s FCFA (payout %s)", project_id, gross, fee, payout_id)
    return gross, fee, gross - fee


def mark_paid_out(payout_id, project_id, provider, amount_fcfa):
    """The provider paid the filmmaker: the payable leaves through its clearing account. Once."""
    if db.session.scalar(select(LedgerTransaction.id).where(LedgerTransaction.key == f"payout:{payout_id}")):
        return False
    books.post("payout", f"payout:{payout_id}", [("payable", None, project_id, -amount_fcfa),
                                                  ("clearing", provider, None, amount_fcfa)], project_id=project_id)
    return True


def ledger_problems():
    """Every way the books are wrong, as readable lines; empty when they balance."""
    problems = _totals_problems()
    twice = db.session.execute(text(
        "SELECT contribution_id, count(*) FROM payments WHERE status = 'succeeded' AND contribution_id IS NOT NULL "
        "GROUP BY contribution_id HAVING count(*) > 1"
    )).all()
    problems += [f"contribution {cid}: {n} succeeded payments" for cid, n in twice]
    applied = db.session.execute(text(
        "SELECT payment_id, count(*) FROM payment_events WHERE kind = 'transition' AND status_to = 'succeeded' "
        "GROUP BY payment_id HAVING count(*) > 1"
    )).all()
    problems += [f"payment {pid}: succeeded {n} times" for pid, n in applied]
    mismatch = db.session.execute(text(
        "SELECT c.id FROM contributions c JOIN payments p ON p.contribution_id = c.id "
        "WHERE p.status = 'succeeded' AND c.status NOT IN ('succeeded', 'refund_pending', 'refunded')"
    )).all()
    problems += [f"contribution {cid}: paid but not credited" for (cid,) in mismatch]
    return problems + _unrefunded_problems() + books.problems()


def _totals_problems():
    succeeded = (
        select(Contribution.project_id, func.coalesce(func.sum(Contribution.amount_fcfa), 0).label("total"),
               func.count().label("n"))
        .where(Contribution.status == "succeeded").group_by(Contribution.project_id).subquery()
    )
    rows = db.session.execute(
        select(Project.id, Project.raised_fcfa, Project.contributors_count, succeeded.c.total, succeeded.c.n)
        .outerjoin(succeeded, succeeded.c.project_id == Project.id)
    ).all()
    return [f"project {project_id}: raised {raised} FCFA / {count} contributors, "
            f"succeeded contributions {total or 0} FCFA / {n or 0}"
            for project_id, raised, count, total, n in rows if raised != (total or 0) or count != (n or 0)]


def _unrefunded_problems():
    """Money received for a project that gives it back, and not given back yet."""
    rows = db.session.execute(
        select(Project.id, Project.status, func.count(), func.sum(Contribution.amount_fcfa))
        .join(Contribution, Contribution.project_id == Project.id)
        .where(not_(KEEPS_MONEY), Contribution.status.in_(("succeeded", "refund_pending")))
        .group_by(Project.id, Project.status).order_by(Project.id)
    ).all()
    return [f"project {project_id} ({status}): {n} contribution(s), {total} FCFA received and not refunded"
            for project_id, status, n, total in rows]


def _moved(contribution_id, status_from, status_to):
    """A move that changes no total: True if it was made; flushes."""
    moved = _move(contribution_id, status_from, status_to) is not None
    db.session.flush()
    return moved
