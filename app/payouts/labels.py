"""Words for payout states and networks, in the reader's language."""
from flask_babel import lazy_gettext as _l

PAYOUT_STATUS_LABELS = {
    "awaiting_approval": _l("Waiting for approval"),
    "approved": _l("Approved, being sent"),
    "sending": _l("Being paid"),
    "paid": _l("Paid"),
    "failed": _l("Not paid: our team settles it with you"),
}
NETWORK_LABELS = {"flooz": "Flooz", "tmoney": "T-Money", "mtn": "MTN MoMo"}


def payout_status(status):
    return PAYOUT_STATUS_LABELS.get(status, status)


def network_name(network):
    return NETWORK_LABELS.get(network, network or "—")
