"""Money out: filmmakers' payout wallets, project treasurers, payouts and their approvals.

A funded project's money (less the platform fee) becomes a payout awaiting approval by two
of the project's treasurers (and an admin above PAYOUT_ADMIN_THRESHOLD_FCFA), then is paid
once to the filmmaker's wallet by a job (sending.py) and confirmed by status query.
"""
from decimal import Decimal

from flask_babel import format_decimal


def init_app(app):
    """What every page may show: the platform's fee, payout states and wallet networks."""
    from app.payouts import labels

    def platform_fee_percent():  # "2.5" in the settings is 2,5 in French
        return format_decimal(Decimal(app.config["PLATFORM_FEE_PERCENT"]))

    app.jinja_env.globals.update(platform_fee_percent=platform_fee_percent,
                                 payout_status=labels.payout_status, network_name=labels.network_name)
