"""Rewards handed over: what the team owes each contributor, and what it has delivered.

Only a succeeded contribution that chose a reward has one to deliver; its
`reward_delivered_at` is written here alone. The contact the team needs to deliver (the
number the contribution was paid with, and the member's e-mail when they gave one) is in
the team's export for those contributions only: a contribution without a reward gives the
team no reason to call.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from app.accounts.models import User
from app.catalog import search
from app.extensions import db
from app.funding.models import Contribution, Reward
from app.payments.models import Payment
from app.timeutil import utcnow

# Rewards that put the contributor's name in the film's credits ("Votre nom au générique").
CREDIT_WORDS = ("generique", "credits", "credit")


@dataclass
class Owed:
    contribution_id: int
    name: str
    amount_fcfa: int
    paid_at: datetime | None
    reward: str | None
    message: str
    phone: str
    email: str
    delivered_at: datetime | None
    is_anonymous: bool

    @property
    def has_reward(self):
        return self.reward is not None


def is_credit_reward(title):
    words = search.fold(title or "").replace("-", " ").split()
    return any(word in CREDIT_WORDS for word in words)


def contributions_of(project_id):
    """Every succeeded contribution to the project, oldest first, with what delivery needs."""
    paid_phone = (select(Payment.phone).where(Payment.contribution_id == Contribution.id, Payment.status == "succeeded")
                  .order_by(Payment.id).limit(1).scalar_subquery())
    rows = db.session.execute(
        select(Contribution.id, Contribution.display_name, Contribution.is_anonymous, Contribution.amount_fcfa,
               Contribution.succeeded_at, Reward.title, Contribution.message, paid_phone, User.phone, User.email,
               User.display_name, Contribution.reward_delivered_at)
        .outerjoin(Reward, Reward.id == Contribution.reward_id)
        .outerjoin(User, User.id == Contribution.user_id)
        .where(Contribution.project_id == project_id, Contribution.status == "succeeded")
        .order_by(Contribution.succeeded_at, Contribution.id)
    ).all()
    owed = []
    for (cid, name, anonymous, amount, paid_at, reward, message, phone, member_phone, email, member_name,
         delivered_at) in rows:
        with_reward = reward is not None
        owed.append(Owed(cid, name or member_name or "", amount, paid_at, reward, message or "",
                         (phone or member_phone or "") if with_reward else "", (email or "") if with_reward else "",
                         delivered_at, anonymous))
    return owed


def mark_delivered(project, contribution_ids, delivered=True):
    """Marks these contributions' rewards delivered (or not yet); only the project's succeeded
    contributions with a reward move. Returns how many changed; flushes."""
    ids = [i for i in contribution_ids if isinstance(i, int)]
    if not ids:
        return 0
    changed = db.session.execute(
        update(Contribution)
        .where(Contribution.project_id == project.id, Contribution.id.in_(ids), Contribution.status == "succeeded",
               Contribution.reward_id.is_not(None),
               Contribution.reward_delivered_at.is_(None) if delivered else Contribution.reward_delivered_at.is_not(None))
        .values(reward_delivered_at=utcnow() if delivered else None)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.flush()
    return changed


def credit_names(project_id):
    """The names to put in the film's credits: one per contributor who chose a credit reward,
    as they gave it, sorted; anonymous contributions are counted, not named."""
    names, anonymous = {}, 0
    for owed in contributions_of(project_id):
        if not owed.has_reward or not is_credit_reward(owed.reward):
            continue
        if owed.is_anonymous or not owed.name.strip():
            anonymous += 1
            continue
        names.setdefault(search.fold(owed.name.strip()), owed.name.strip())
    return sorted(names.values(), key=search.fold), anonymous
