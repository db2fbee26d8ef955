"""A filmmaker's payout wallet: a mobile-money number, its network and its holder's name.

For MTN MoMo the holder's name is the one MTN's account-holder query gives (basicuserinfo),
so the filmmaker and the treasurers see whose wallet the money goes to; PayGate has no such
query for Flooz and T-Money, so the filmmaker types it.
"""
import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.payments import operators, providers
from app.payments.providers.base import ProviderError, ProviderRefused
from app.payouts import approvals
from app.payouts.errors import PayoutError
from app.payouts.models import NETWORKS, PayoutWallet
from app.timeutil import utcnow

log = logging.getLogger(__name__)
NETWORK_OF_METHOD = {"flooz": "flooz", "tmoney": "tmoney", "momo": "mtn"}


def wallet_of(user):
    return db.session.scalar(select(PayoutWallet).where(PayoutWallet.user_id == user.id))


def register_wallet(user, phone_typed, network, holder_typed=""):
    """Saves the member's payout wallet (a new one replaces the old); flushes. Payouts still
    waiting for approval now go to it, and their approvals start again."""
    if network not in NETWORKS:
        raise PayoutError(_l("Choose the wallet's network."))
    try:
        wallet = operators.detect(phone_typed, override=network if network in ("flooz", "tmoney") else None)
    except operators.InvalidPhone as error:
        raise PayoutError(_l("Enter a mobile number, for example 90 12 34 56.")) from error
    if NETWORK_OF_METHOD.get(wallet.method) != network:
        raise PayoutError(_l("This number is not on the network chosen."))
    if network == "mtn":
        holder = _mtn_holder_name(wallet.phone)
    else:
        holder = " ".join((holder_typed or "").split())[:120]
        if len(holder) < 3:
            raise PayoutError(_l("Enter the name of the wallet's holder, as the operator knows it."))
    found = wallet_of(user)
    if found is None:
        found = PayoutWallet(user_id=user.id)
        db.session.add(found)
    found.phone, found.network, found.holder_name, found.updated_at = wallet.phone, network, holder, utcnow()
    db.session.flush()
    approvals.point_payouts_to(user, found)
    log.info("member %s registered a %s payout wallet %s", user.id, network, operators.mask(wallet.phone))
    return found


def _mtn_holder_name(phone):
    try:
        client = providers.client("mtn_momo")
        return client.holder_name(phone)
    except ProviderRefused as error:
        raise PayoutError(_l("MTN MoMo knows no wallet for this number.")) from error
    except ProviderError as error:
        raise PayoutError(_l("MTN MoMo could not be asked for the wallet's holder; try again in a few minutes.")) \
            from error
