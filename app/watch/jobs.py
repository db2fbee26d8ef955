"""Transcoding as a job: a film becomes playable only when its renditions exist."""
import logging
import os
import shutil

from flask import current_app
from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.jobs import enqueue_after_commit
from app.media import posters, video
from app.studio.notices import notify_film_ready
from app.watch import transcode
from app.watch.models import Rendition

log = logging.getLogger(__name__)


def attach_source(film, path):
    """Copies a video file in as the film's source and asks for its transcoding; flushes."""
    relative = f"sources/{film.id}/{os.path.basename(path)}"
    destination = os.path.join(current_app.config["MEDIA_ROOT"], relative)
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    shutil.copyfile(path, destination)
    film.source_path = relative
    queue_transcode(film)


def queue_transcode(film):
    """Marks the film as being prepared and asks for the job once the transaction commits."""
    film.video_status = "processing"
    db.session.flush()
    enqueue_after_commit(transcode_film, film.id, retries=1)


def transcode_film(film_id):
    """Job: makes every rung of the ladder; safe to run twice (files are replaced whole).

    On failure the film says so (video_status "failed") and keeps no half set of renditions;
    `flask watch transcode SLUG` tries again.
    """
    film = db.session.get(Film, film_id)
    if film is None or not film.source_path:
        return
    media = current_app.config["MEDIA_ROOT"]
    source = os.path.join(media, film.source_path)
    film.video_status = "processing"
    db.session.commit()
    try:
        made = _make_renditions(film, source, media)
    except (video.VideoError, OSError, ValueError) as error:
        db.session.rollback()
        film = db.session.get(Film, film_id)
        film.video_status = "failed"
        db.session.commit()
        log.warning("film %s: transcoding failed: %s", film_id, error)
        raise
    existing = {r.height: r for r in db.session.scalars(select(Rendition).where(Rendition.film_id == film_id))}
    for height, values in made.items():
        rendition = existing.pop(height, None) or Rendition(film_id=film_id, height=height)
        for name, value in values.items():
            setattr(rendition, name, value)
        db.session.add(rendition)
    for stale in existing.values():
        db.session.delete(stale)
    film.video_status = "ready"
    notify_film_ready(film_id)
    db.session.commit()
    log.info("film %s: %d renditions ready", film_id, len(made))


def _make_renditions(film, source, media):
    info = video.probe(source)
    stream = next((s for s in info.get("streams", []) if s.get("codec_type") == "video"), None)
    if stream is None:
        raise video.VideoError("no video stream")
    duration = float(info.get("format", {}).get("duration") or 0)
    film.duration_s = int(round(duration))
    folder = os.path.join(media, "renditions", str(film.id))
    os.makedirs(folder, exist_ok=True)
    made = {}
    for rung in transcode.rungs_for(int(stream.get("height") or 0)):
        relative = f"renditions/{film.id}/{rung.height}p.mp4"
        path = os.path.join(media, relative)
        transcode.encode(source, path, rung)
        probed = video.probe(path)
        out = next(s for s in probed["streams"] if s.get("codec_type") == "video")
        made[rung.height] = {
            "width": int(out["width"]), "video_kbps": rung.video_kbps, "audio_kbps": rung.audio_kbps,
            "codec": "avc1/mp4a", "size_bytes": os.path.getsize(path),
            "duration_s": float(probed["format"]["duration"]), "path": relative,
        }
    if not film.poster_key:
        film.poster_key, film.poster_color = posters.store_poster("films", film.id,
                                                                  transcode.poster_frame(source, duration))
    return made
