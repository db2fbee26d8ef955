"""A real worker turns a source into both ladders and a sound-only rung, fragmented MP4 that start fast."""
import json
import os
import struct
import subprocess

from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.media import video
from app.media.video import make_test_film
from app.watch import jobs, transcode
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


EXPECTED = {"av1": {"video": "av1", "audio": "opus"}, "h264": {"video": "h264", "audio": "aac"},
            "opus": {"audio": "opus"}}


def test_worker_makes_both_ladders_and_the_sound_only_rung_as_fragmented_mp4(app, transcoded_film):
    renditions = db.session.scalars(select(Rendition).where(Rendition.film_id == transcoded_film.id)
                                    .order_by(Rendition.height, Rendition.codec)).all()
    assert [(r.codec, r.height) for r in renditions] == [
        ("opus", 0), ("h264", 144), ("av1", 240), ("h264", 240), ("av1", 360), ("h264", 360),
        ("av1", 480), ("h264", 480)]
    assert transcoded_film.video_status == "ready" and transcoded_film.duration_s == 3 and transcoded_film.poster_key
    for rendition in renditions:
        path = os.path.join(app.config["MEDIA_ROOT"], rendition.path)
        probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", path],
                                          capture_output=True, text=True, check=True).stdout)
        assert {s["codec_type"]: s["codec_name"] for s in probe["streams"]} == EXPECTED[rendition.codec]
        assert [s["height"] for s in probe["streams"] if s["codec_type"] == "video"] == (
            [rendition.height] if rendition.height else [])
        boxes = top_level_boxes(path)
        assert boxes[:3] == ["ftyp", "moov", "sidx"] and boxes.index("moof") < boxes.index("mdat")
        assert rendition.fragmented and rendition.size_bytes == os.path.getsize(path)


def test_keyframes_fall_every_4_seconds_at_the_same_instants_on_every_rung_of_a_ladder(tmp_path):
    source = make_test_film(str(tmp_path / "twelve.mp4"), "Douze", seconds=12)
    keyframes = {}
    for key in ("av1-240", "av1-360", "h264-144", "h264-360"):
        out = str(tmp_path / f"{key}.mp4")
        video.encode(source, out, transcode.rung(key))
        packets = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                  "packet=dts_time,flags", "-of", "csv=p=0", out],
                                 capture_output=True, text=True, check=True).stdout.split()
        keyframes[key] = [float(line.split(",")[0]) for line in packets if ",K" in line]
    assert keyframes["av1-240"] == keyframes["av1-360"] and keyframes["h264-144"] == keyframes["h264-360"]
    for times in keyframes.values():
        assert len(times) == 3 and all(abs(b - a - 4) < 0.05 for a, b in zip(times, times[1:])), times


def test_data_saver_rendition_costs_under_1_mb_per_minute(app, transcoded_film):
    for codec in ("av1", "h264"):
        saver = db.session.scalar(select(Rendition).where(Rendition.film_id == transcoded_film.id,
                                                          Rendition.height == 240, Rendition.codec == codec))
        assert saver.size_bytes / saver.duration_s * 60 <= 1_000_000, codec


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
