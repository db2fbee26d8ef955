"""How the page tells which data-saver mode is on, and why."""
from flask_babel import gettext as _


def summary(mode):
    names = {"saver": _("Data saver is on"), "standard": _("Standard quality"), "high": _("High quality")}
    reasons = {
        "choice": _("you chose it"),
        "save_data": _("your phone asks to save data"),
        "network": _("your connection looks slow"),
        "network_slow": _("your connection looks very slow"),
        "network_fast": _("your connection allows it"),
        "default": _("we do not know your connection yet"),
    }
    return _("%(mode)s (%(reason)s).", mode=names[mode.mode], reason=reasons[mode.reason])
