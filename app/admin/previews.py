"""The film an administrator reviews, playable before it is published: a published film's new
video (its staged renditions) or the film in review. The links are the usual signed ones; the
video route lets administrators play what the public cannot (app.watch.streaming)."""
from app.watch import player, staging
from app.watch.video_links import signed_url

PREVIEW_HEIGHT = 360  # a review watches enough to judge, not the best picture


def preview(film):
    """{"sources": [(link, type)], "label", "renditions"} for a `<video>`, or None with nothing to play."""
    renditions = staging.staged_renditions(film) if film.new_video_in_review else film.renditions
    if not renditions:
        return None
    grouped = player.qualities(renditions)
    pictures = [key for key in grouped if key != player.SOUND_ONLY]
    fitting = [key for key in pictures if int(key) <= PREVIEW_HEIGHT]
    chosen = (fitting[-1:] or pictures[:1] or list(grouped))[0]
    return {"sources": [(signed_url(r), r.mime) for r in player.sources(grouped, chosen)],
            "label": grouped[chosen][0].label, "renditions": len(renditions)}
