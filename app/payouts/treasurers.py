"""A project's treasurers: 2 or 3 members, named by phone by the filmmaker, who approve its payout."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.accounts import members
from app.extensions import db
from app.payouts.errors import PayoutError
from app.payouts.models import MAX_TREASURERS, Payout, PayoutApproval, Treasurer


def treasurers_of(project_id):
    return db.session.scalars(select(Treasurer).where(Treasurer.project_id == project_id).order_by(Treasurer.id)).all()


def is_treasurer(project_id, user_id):
    return db.session.scalar(select(Treasurer.id).where(Treasurer.project_id == project_id,
                                                        Treasurer.user_id == user_id)) is not None


def can_change(project_id):
    """Treasurers can change until someone has approved the project's payout."""
    approved = db.session.scalar(select(func.count(PayoutApproval.id)).join(Payout, Payout.id == PayoutApproval.payout_id)
                                 .where(Payout.project_id == project_id))
    return not approved


def name_treasurers(project, phones_typed):
    """Replaces the project's treasurers by the members with these numbers; flushes. The
    filmmaker is not one of them: two other people see each payout before it leaves."""
    typed = [p.strip() for p in phones_typed if p and p.strip()]
    if not 2 <= len(typed) <= MAX_TREASURERS:
        raise PayoutError(_l("Name 2 or 3 treasurers."))
    if not can_change(project.id):
        raise PayoutError(_l("The payout has already been approved by a treasurer: the treasurers can no longer "
                             "change."))
    users = []
    for phone in typed:
        try:
            user = members.by_phone(members.normalise_phone(phone))
        except members.AccountError as error:
            raise PayoutError(str(error)) from error
        if user is None or not user.is_active:
            raise PayoutError(_l("No member has the number %(phone)s: ask them to sign up first.", phone=phone))
        if user.id == project.owner_id:
            raise PayoutError(_l("Name members other than yourself."))
        if user in users:
            raise PayoutError(_l("Each treasurer is named once."))
        users.append(user)
    db.session.execute(delete(Treasurer).where(Treasurer.project_id == project.id))
    db.session.add_all(Treasurer(project_id=project.id, user_id=user.id) for user in users)
    db.session.flush()
    return users
