"""What a candidate's page plays: the renditions its film has, chosen for the data-saver mode."""
from app import data_saver
from app.pages import megabytes
from app.watch import player
from app.watch.video_links import signed_url


def entry_video(film):
    """Sources, cost in MB and duration of the film, or None while there is nothing to play."""
    if film.video_status != "ready" or not film.renditions:
        return None
    grouped = player.qualities(film.renditions)
    pictures = {k: v for k, v in grouped.items() if k != player.SOUND_ONLY} or grouped
    chosen = player.default_quality(pictures, data_saver.current())
    sources = player.sources(pictures, chosen)
    return {"sources": [{"src": signed_url(r), "type": r.mime} for r in sources],
            "megabytes": megabytes(sources[0].size_bytes), "duration_s": film.duration_s or 0}
