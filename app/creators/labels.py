"""Visible names of a creator check's states, in the reader's language."""
from flask_babel import lazy_gettext as _l

CHECK_STATUS_LABELS = {
    "pending": _l("Identity being checked"),
    "approved": _l("Creator approved"),
    "rejected": _l("Identity document refused"),
}


def creator_check_status(status):
    return CHECK_STATUS_LABELS.get(status, status)
