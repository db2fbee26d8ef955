"""SMS about payouts, in French as every SMS we send, one GSM-7 segment or two."""
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.links import public_url
from app.payouts.models import Treasurer
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe, sms_amount


def ask_treasurers(payout, project):
    """Each treasurer hears that a payout waits for their approval, and where to give it."""
    link = public_url("payouts.project", project_id=project.id)
    text = (f"Karangou : le versement de {sms_amount(payout.amount_fcfa)} FCFA pour {gsm7_safe(project.title)[:50]} "
            f"attend votre approbation de tresorier. {link}")
    phones = db.session.scalars(select(User.phone).join(Treasurer, Treasurer.user_id == User.id)
                                .where(Treasurer.project_id == project.id)).all()
    for phone in phones:
        queue_sms(phone, text, f"payout:{payout.id}:approve")


def tell_paid(payout, project):
    """The filmmaker hears the money left, with the provider's reference."""
    owner = db.session.get(User, project.owner_id) if project.owner_id else None
    if owner is None:
        return
    text = (f"Karangou : {sms_amount(payout.amount_fcfa)} FCFA verses sur votre portefeuille pour "
            f"{gsm7_safe(project.title)[:50]}. Ref {payout.provider_reference or payout.reference[:8]}")
    queue_sms(owner.phone, text, f"payout:{payout.id}:paid")
