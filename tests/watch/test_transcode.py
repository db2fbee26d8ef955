"""A real worker turns a source into four playable, fast-starting renditions."""
import json
import os
import struct
import subprocess

from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.watch import jobs
from app.watch.models import Rendition
from tests.factories import make_film


def top_level_boxes(path):
    boxes = []
    with open(path, "rb") as f:
        while header := f.read(8):
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", f.read(8))[0]
                f.seek(size - 16, 1)
            else:
                f.seek(size - 8, 1)
            boxes.append(kind.decode())
            if size == 0:
                break
    return boxes


def test_worker_makes_four_renditions_that_start_fast(app, transcoded_film):
    renditions = db.session.scalars(select(Rendition).where(Rendition.film_id == transcoded_film.id)
                                    .order_by(Rendition.height)).all()
    assert [r.height for r in renditions] == [144, 240, 360, 480]
    assert transcoded_film.video_status == "ready" and transcoded_film.duration_s == 3 and transcoded_film.poster_key
    for rendition in renditions:
        path = os.path.join(app.config["MEDIA_ROOT"], rendition.path)
        probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", path],
                                          capture_output=True, text=True, check=True).stdout)
        codecs = {s["codec_type"]: s["codec_name"] for s in probe["streams"]}
        assert codecs == {"video": "h264", "audio": "aac"}
        assert [s["height"] for s in probe["streams"] if s["codec_type"] == "video"] == [rendition.height]
        boxes = top_level_boxes(path)
        assert boxes.index("moov") < boxes.index("mdat")
        assert rendition.size_bytes == os.path.getsize(path)


def test_data_saver_rendition_costs_under_1_mb_per_minute(app, transcoded_film):
    saver = db.session.scalar(select(Rendition).where(Rendition.film_id == transcoded_film.id, Rendition.height == 240))
    assert saver.size_bytes / saver.duration_s * 60 <= 1_000_000


def test_film_page_lists_renditions_with_sizes(client, transcoded_film):
    page = client.get(f"/films/{transcoded_film.slug}").get_data(as_text=True)
    assert "Regarder le film" in page
    for label in ("144p", "240p", "360p", "480p"):
        assert label in page
    assert "Mo" in page


def test_broken_source_fails_visibly_and_can_be_retried(app, run_jobs, runner, source_clip):
    film = make_film(title="Cassé")
    relative = f"sources/{film.id}/broken.mp4"
    path = os.path.join(app.config["MEDIA_ROOT"], relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"not a video" * 100)
    film.source_path = relative
    jobs.queue_transcode(film)
    db.session.commit()
    run_jobs()
    db.session.expire_all()
    assert db.session.get(Film, film.id).video_status == "failed"
    assert db.session.scalars(select(Rendition).where(Rendition.film_id == film.id)).all() == []
    with open(source_clip, "rb") as good, open(path, "wb") as f:
        f.write(good.read())
    result = runner.invoke(args=["watch", "transcode", film.slug])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Film, film.id).video_status == "ready"
