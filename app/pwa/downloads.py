"""What a film page offers to keep for offline viewing: every rendition, with its size."""
from flask import current_app, url_for

from app import data_saver
from app.media import posters
from app.pages import megabytes
from app.watch import player
from app.watch.subtitles import subtitles_of
from app.watch.models import H264


def night_hours():
    """(start, end) local hours of "Download tonight", from DOWNLOAD_NIGHT_HOURS ("23-6")."""
    start, end = (int(hour) % 24 for hour in current_app.config["DOWNLOAD_NIGHT_HOURS"].split("-"))
    return start, end


def offline_copy(film):
    """The choices for the download box; None before the video is ready.

    Each rendition the film has (the rows, so new rungs appear on their own), grouped by
    quality, AV1 first: the page keeps, for each quality, the first one the phone can play.
    The data-saver quality is chosen first; the key is where the phone keeps it (stable: the
    signed link expires).
    """
    if film.video_status != "ready" or not film.renditions:
        return None
    grouped = player.qualities(film.renditions)
    chosen = player.default_quality(grouped, data_saver.DataSaver("saver", "default"))
    start, end = night_hours()
    return {
        "choices": [{
            "key": f"/hors-ligne/video/{film.id}/{r.codec}-{r.height}.mp4",
            "src": url_for("pwa.download", slug=film.slug, codec=r.codec, height=r.height),  # to a fresh signed link
            "size": r.size_bytes, "megabytes": megabytes(r.size_bytes), "label": r.label, "type": r.mime,
            "quality": key, "chosen": key == chosen,
        } for key, group in grouped.items() for r in group],
        "tracks": player.tracks(film, subtitles_of(film.id)),  # kept with the film, shown by the offline player
        "poster": posters.poster_url("films", film, 160) if film.poster_key else "",
        "night": f"{start}-{end}", "night_start": f"{start:02d}:00", "night_end": f"{end:02d}:00",
    }


def offline_rendition(film, height=None, codec=None):
    """The rendition a download asks for (the data-saver one without a height); None if absent.
    Without a codec (links made before the AV1 ladder), the H.264 one of that height."""
    if film.video_status != "ready" or not film.renditions:
        return None
    grouped = player.qualities(film.renditions)
    if height is None:
        return grouped[player.default_quality(grouped, data_saver.DataSaver("saver", "default"))][0]
    return next((r for r in film.renditions if r.height == height and r.codec == (codec or H264)), None)
