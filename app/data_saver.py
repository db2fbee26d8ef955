"""Which data-saver mode a page is served in, and why.

Chrome no longer sends Save-Data on its own, so the order is: the viewer's own choice,
then Save-Data, then the ECT / Downlink client hints, then data-saver when nothing is
known — the cheap mistake is to send too little, never too much.
"""
from dataclasses import dataclass

from flask import request
from flask_login import current_user

MODES = ("saver", "standard", "high")
COOKIE = "ds"
PAGE_SIZES = {"saver": 12, "standard": 24}  # films in a list; page links carry it (catalog.params)
HINT_HEADERS = ("Save-Data", "ECT", "Downlink")


@dataclass(frozen=True)
class DataSaver:
    mode: str  # saver | standard | high
    reason: str  # choice | save_data | network | network_slow | network_fast | default

    @property
    def is_on(self):
        return self.mode == "saver"

    @property
    def page_size(self):
        return PAGE_SIZES["saver" if self.is_on else "standard"]

    @property
    def poster_widths(self):
        """Variants offered in srcset: the browser cannot pick one we do not list."""
        return {"saver": (96, 160), "standard": (96, 160, 320), "high": (96, 160, 320, 640)}[self.mode]


def current(ignore_choice=False):
    choice = None
    if not ignore_choice:
        choice = current_user.data_saver if current_user.is_authenticated else request.cookies.get(COOKIE)
    if choice in MODES:
        return DataSaver(choice, "choice")
    if request.headers.get("Save-Data", "").strip().lower() == "on":
        return DataSaver("saver", "save_data")
    ect = request.headers.get("ECT", "").strip().lower()
    if ect == "slow-2g":
        return DataSaver("saver", "network_slow")
    if ect == "2g":
        return DataSaver("saver", "network")
    if ect in ("3g", "4g"):
        return DataSaver("standard", "network_fast")
    try:
        downlink = float(request.headers.get("Downlink", ""))
    except ValueError:
        downlink = None
    if downlink is not None:
        return DataSaver("saver", "network") if downlink < 1 else DataSaver("standard", "network_fast")
    return DataSaver("saver", "default")
