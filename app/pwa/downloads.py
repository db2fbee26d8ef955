"""What a film page offers to keep for offline viewing: every rendition, with its size."""
from flask import current_app, url_for
from flask_babel import format_decimal

from app.media import posters
from app.watch.transcode import DATA_SAVER_HEIGHT


def night_hours():
    """(start, end) local hours of "Download tonight", from DOWNLOAD_NIGHT_HOURS ("23-6")."""
    start, end = (int(hour) % 24 for hour in current_app.config["DOWNLOAD_NIGHT_HOURS"].split("-"))
    return start, end


def megabytes(size_bytes):
    """"2,1" in French, "2.1" in English: one decimal under 10 MB, whole numbers above."""
    value = size_bytes / 1_000_000
    return format_decimal(value, format="#,##0.0" if value < 10 else "#,##0")


def _by_height(film):
    """The renditions from the smallest, and the data-saver one (the largest within its height)."""
    ordered = sorted(film.renditions, key=lambda r: r.height)
    return ordered, ([r for r in ordered if r.height <= DATA_SAVER_HEIGHT] or ordered)[-1]


def offline_copy(film):
    """The choices for the download box; None before the video is ready.

    Each rendition the film has (the rows, so new rungs appear on their own), the data-saver
    one chosen first; the key is where the phone keeps it (stable: the signed link expires).
    """
    if film.video_status != "ready" or not film.renditions:
        return None
    ordered, chosen = _by_height(film)
    start, end = night_hours()
    return {
        "choices": [{
            "key": f"/hors-ligne/video/{film.id}/{r.height}.mp4",
            "src": url_for("pwa.download", slug=film.slug, height=r.height),  # redirects to a fresh signed link
            "size": r.size_bytes, "megabytes": megabytes(r.size_bytes), "label": r.label,
            "chosen": r is chosen,
        } for r in ordered],
        "poster": posters.poster_url("films", film, 160) if film.poster_key else "",
        "night": f"{start}-{end}", "night_start": f"{start:02d}:00", "night_end": f"{end:02d}:00",
    }


def offline_rendition(film, height=None):
    """The rendition a download asks for (the data-saver one without a height); None if absent."""
    if film.video_status != "ready" or not film.renditions:
        return None
    if height is None:
        return _by_height(film)[1]
    return next((r for r in film.renditions if r.height == height), None)
