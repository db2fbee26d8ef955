"""What the film page offers to keep for offline viewing: the data-saver rendition."""
from flask import url_for

from app.watch import player
from app.watch.transcode import DATA_SAVER_HEIGHT


def offline_copy(film):
    """Where the phone keeps it, the link to fetch it, and its size; None before the video is ready."""
    if film.video_status != "ready" or not film.renditions:
        return None
    ordered = sorted(film.renditions, key=lambda r: r.height)
    rendition = ([r for r in ordered if r.height <= DATA_SAVER_HEIGHT] or ordered)[-1]
    return {
        "key": f"/hors-ligne/video/{film.id}/{rendition.height}.mp4",  # stable: the signed link expires
        "src": url_for("pwa.download", slug=film.slug),  # redirects to a fresh signed link
        "size": rendition.size_bytes,
        "megabytes": player.megabytes(rendition.size_bytes),
    }


def offline_rendition(film):
    copy = offline_copy(film)
    if copy is None:
        return None
    height = int(copy["key"].rsplit("/", 1)[1].split(".")[0])
    return next(r for r in film.renditions if r.height == height)
