"""Which quality to play and what each costs, for the player page.

A quality is a height (or sound only) and holds one rendition per codec, AV1 first: the page
lists `<source>` elements in that order, so a browser without JavaScript plays the first it
can decode, and the page's loader picks with `mediaCapabilities`. The cost shown is the
first rendition's; the loader shows the H.264 one when it falls back to that ladder.
"""
from flask import url_for
from flask_babel import get_locale

from app import data_saver
from app.data_saver import DataSaver
from app.pages import megabytes
from app.watch.models import AV1, H264, OPUS
from app.watch.subtitles import label
from app.watch.video_links import signed_url
from app.watch.transcode import DATA_SAVER_HEIGHT

DEFAULT_HEIGHT = {"saver": DATA_SAVER_HEIGHT, "standard": 360, "high": 480}
SOUND_ONLY = "son"  # the quality key of the sound-only rendition (`?q=son`)
CODEC_ORDER = (AV1, H264, OPUS)
BUFFER_AHEAD_S = {"saver": 30, "standard": 60, "high": 60}


def default_height(mode: DataSaver):
    if mode.is_on and mode.reason == "network_slow":
        return 144
    return DEFAULT_HEIGHT[mode.mode]


def quality_key(rendition):
    return SOUND_ONLY if rendition.audio_only else str(rendition.height)


def qualities(renditions):
    """{key: [renditions, AV1 first]} from the smallest picture, sound only last."""
    grouped = {}
    for r in sorted(renditions, key=lambda r: (r.audio_only, r.height, CODEC_ORDER.index(r.codec)
                                               if r.codec in CODEC_ORDER else len(CODEC_ORDER))):
        grouped.setdefault(quality_key(r), []).append(r)
    return grouped


def default_quality(grouped, mode):
    """The largest picture not above the mode's height, else the smallest there is."""
    pictures = [key for key in grouped if key != SOUND_ONLY]
    fitting = [key for key in pictures if int(key) <= default_height(mode)]
    return (fitting or pictures or list(grouped))[-1 if fitting else 0]


def sources(grouped, key):
    """The renditions a `<video>` offers for a quality; sound only falls back to the smallest
    H.264 picture for browsers that cannot play Opus in MP4."""
    chosen = list(grouped[key])
    if key == SOUND_ONLY:
        chosen += [r for k, group in grouped.items() if k != SOUND_ONLY for r in group if r.codec == H264][:1]
    return chosen


def choices(grouped, mode, current):
    """Each quality with its cost, and whether data-saver should warn before playing it."""
    default_size = grouped[default_quality(grouped, mode)][0].size_bytes
    return [{
        "key": key, "label": group[0].label, "current": key == current,
        "megabytes": megabytes(group[0].size_bytes),
        "megabytes_h264": next((megabytes(r.size_bytes) for r in group if r.codec == H264), ""),
        "warn": mode.is_on and group[0].size_bytes > default_size,
    } for key, group in grouped.items()]


def ladder(grouped, mode, current, position, duration_s):
    """What the page's loader needs, as JSON: every rendition's link, type and rate."""
    return {
        "q": current, "start": position, "duration": duration_s, "saver": mode.is_on,
        "ahead": BUFFER_AHEAD_S[mode.mode],
        "qualities": {key: [{"codec": r.codec, "src": signed_url(r), "type": r.mime, "bps": r.bits_per_second,
                             "height": r.height, "frag": r.fragmented} for r in sources(grouped, key)]
                      for key in grouped},
    }


def tracks(film, subtitles):
    """The `<track>`s to offer: the interface language's is on by default, when the film has it."""
    locale = str(get_locale())
    return [{"src": url_for("watch.subtitle_file", slug=film.slug, subtitle_id=s.id), "srclang": s.language,
             "label": label(s.language), "default": s.language == locale,
             "kb": max(1, round(s.size_bytes / 1024))} for s in subtitles]


def in_place(film):
    """What a page showing a short film in place plays (a project's pitch, a contest entry): the
    renditions the data-saver mode picks, their cost in MB and the duration; None while there is
    nothing to play."""
    if film is None or film.video_status != "ready" or not film.renditions:
        return None
    grouped = qualities(film.renditions)
    pictures = {k: v for k, v in grouped.items() if k != SOUND_ONLY} or grouped
    chosen = default_quality(pictures, data_saver.current())
    found = sources(pictures, chosen)
    return {"sources": [{"src": signed_url(r), "type": r.mime} for r in found],
            "megabytes": megabytes(found[0].size_bytes), "duration_s": film.duration_s or 0}
