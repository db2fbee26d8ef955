"""Which rendition to play and what each costs, for the player page."""
from app.data_saver import DataSaver
from app.watch.streaming import signed_url
from app.watch.transcode import DATA_SAVER_HEIGHT

DEFAULT_HEIGHT = {"saver": DATA_SAVER_HEIGHT, "standard": 360, "high": 480}


def default_height(mode: DataSaver):
    if mode.is_on and mode.reason == "network_slow":
        return 144
    return DEFAULT_HEIGHT[mode.mode]


def default_rendition(renditions, mode):
    """The largest rendition not above the mode's height, else the smallest there is."""
    ordered = sorted(renditions, key=lambda r: r.height)
    fitting = [r for r in ordered if r.height <= default_height(mode)]
    return fitting[-1] if fitting else ordered[0]


def megabytes(size_bytes):
    """For "≈ 38 Mo": one decimal under 10, whole numbers above."""
    value = size_bytes / 1_000_000
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def choices(renditions, mode, current):
    """Each rendition with its link, its cost, and whether data-saver should warn first."""
    default = default_rendition(renditions, mode)
    return [{
        "rendition": r,
        "src": signed_url(r),
        "megabytes": megabytes(r.size_bytes),
        "current": r.id == current.id,
        "warn": mode.is_on and r.size_bytes > default.size_bytes,
    } for r in sorted(renditions, key=lambda r: r.height)]
