"""Money out: filmmakers' payout wallets, project treasurers, payouts and their approvals.

A funded project's money (less the platform fee) becomes a payout awaiting approval by two
of the project's treasurers (and an admin above PAYOUT_ADMIN_THRESHOLD_FCFA), then is paid
once to the filmmaker's wallet by a job (sending.py) and confirmed by status query.
"""


def init_app(app):
    """What every page may show: the platform's fee, payout states and wallet networks."""
    from app.payouts import labels

    app.jinja_env.globals.update(platform_fee_percent=lambda: app.config["PLATFORM_FEE_PERCENT"],
                                 payout_status=labels.payout_status, network_name=labels.network_name)
