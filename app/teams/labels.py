"""Visible names of the languages a member speaks and of an invitation's state."""
from flask_babel import lazy_gettext as _l

# Languages spoken in Togo and around it first, then the ones of the films we carry.
LANGUAGE_LABELS = {
    "ewe": _l("Ewe"), "kabiye": _l("Kabiyè"), "mina": _l("Mina"), "hausa": _l("Hausa"),
    "fon": _l("Fon"), "yoruba": _l("Yoruba"), "twi": _l("Twi"), "dioula": _l("Dioula"),
    "wolof": _l("Wolof"), "fr": _l("French"), "en": _l("English"), "pt": _l("Portuguese"),
    "ar": _l("Arabic"),
}
INVITATION_STATE_LABELS = {
    "pending": _l("Waiting for an answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
}


def language(code):
    return LANGUAGE_LABELS.get(code, code)


def invitation_state(state):
    return INVITATION_STATE_LABELS.get(state, state)
