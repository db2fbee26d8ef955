"""The media store: the same behaviour from the local folder and from SeaweedFS's S3."""
import os
import uuid

import pytest

from app import create_app, storage
from app.config_checks import ConfigError
from app.config_checks import S3_SETTINGS
from app.storage.common import check_key

DATA = bytes(range(256)) * 1200  # 300 KB: more than one streamed chunk


@pytest.fixture
def local_file(tmp_path):
    path = tmp_path / "film.mp4"
    path.write_bytes(DATA)
    return str(path)


def test_a_stored_file_reads_back_whole_by_range_and_as_a_local_copy(media_backend, local_file):
    media_backend.put_file("sources/7/abc.source", local_file)
    assert os.path.exists(local_file), "put_file copies unless told to move"
    assert media_backend.exists("sources/7/abc.source") and media_backend.size("sources/7/abc.source") == len(DATA)
    assert media_backend.read("sources/7/abc.source") == DATA
    assert media_backend.read_range("sources/7/abc.source", 1000, 300_000) == DATA[1000:301_000]
    assert media_backend.read_range("sources/7/abc.source", len(DATA) - 10, 100) == DATA[-10:]
    assert b"".join(media_backend.iter_range("sources/7/abc.source", 5, 70_000, chunk=4096)) == DATA[5:70_005]
    with media_backend.local_copy("sources/7/abc.source") as path:
        with open(path, "rb") as f:
            assert f.read() == DATA


def test_bytes_replace_what_was_stored_under_the_same_key(media_backend):
    media_backend.put_bytes("posters/films/1/k/96.webp", b"first", "image/webp")
    media_backend.put_bytes("posters/films/1/k/96.webp", b"second", "image/webp")
    assert media_backend.read("posters/films/1/k/96.webp") == b"second"


def test_a_moved_file_leaves_its_local_place(media_backend, local_file):
    media_backend.put_file("sources/8/moved.source", local_file, move=True)
    assert not os.path.exists(local_file) and media_backend.size("sources/8/moved.source") == len(DATA)


def test_a_missing_key_is_told_by_every_reading(media_backend, tmp_path):
    assert media_backend.size("renditions/9/none.mp4") is None and not media_backend.exists("renditions/9/none.mp4")
    for read in (lambda: media_backend.read("renditions/9/none.mp4"),
                 lambda: media_backend.read_range("renditions/9/none.mp4", 0, 10),
                 lambda: media_backend.fetch("renditions/9/none.mp4", str(tmp_path / "copy")),
                 lambda: media_backend.local_copy("renditions/9/none.mp4").__enter__()):
        with pytest.raises(storage.MissingKey):
            read()
    media_backend.delete("renditions/9/none.mp4")  # deleting nothing is fine


def test_listing_and_deleting_a_prefix_touch_only_that_prefix(media_backend):
    root = f"listing-{uuid.uuid4().hex[:8]}"  # the session's store holds other tests' media
    for key in ("3/a/av1-240.mp4", "3/a/h264-144.mp4", "3/b/av1-240.mp4", "30/a/av1-240.mp4"):
        media_backend.put_bytes(f"{root}/{key}", key.encode())
    listed = {entry.key: entry.size for entry in media_backend.list(f"{root}/3/a/")}
    assert listed == {f"{root}/3/a/av1-240.mp4": 15, f"{root}/3/a/h264-144.mp4": 16}
    assert all(entry.modified > 0 for entry in media_backend.list(f"{root}/3/"))
    media_backend.delete_prefix(f"{root}/3/")
    with pytest.raises(ValueError):
        media_backend.delete_prefix("")  # never the whole store
    assert [entry.key for entry in media_backend.list(f"{root}/")] == [f"{root}/30/a/av1-240.mp4"]
    media_backend.delete(f"{root}/30/a/av1-240.mp4")
    assert list(media_backend.list(f"{root}/")) == []


@pytest.mark.parametrize("key", ["", "/etc/passwd", "sources/../../x", "sources//x", "a\\b", "./x"])
def test_keys_never_climb_out_of_the_store(key):
    with pytest.raises(ValueError):
        check_key(key)


def test_only_the_local_folder_has_local_paths(media_backend):
    media_backend.put_bytes("posters/films/2/k/96.webp", b"x")
    path = media_backend.local_path("posters/films/2/k/96.webp")
    assert (path is not None) == (media_backend.name == "local")
    assert media_backend.used_percent() is None or 0 <= media_backend.used_percent() <= 100


@pytest.mark.parametrize("missing", S3_SETTINGS)
def test_production_refuses_the_object_store_without_each_of_its_settings(production_config, seaweedfs, missing):
    app = create_app({**production_config, **seaweedfs})  # all set: it starts, on the object store
    assert storage.store(app).name == "s3"
    with pytest.raises(ConfigError, match=f"{missing} is not set \\(STORAGE_BACKEND=s3\\)"):
        create_app({**production_config, **seaweedfs, missing: None})


def test_production_refuses_an_unknown_backend(production_config):
    with pytest.raises(ConfigError, match="STORAGE_BACKEND=nfs is unknown"):
        create_app({**production_config, "STORAGE_BACKEND": "nfs"})


def test_the_readiness_probe_writes_reads_and_removes_an_object(app, media_backend):
    from app.ops import storage as ops_storage

    assert ops_storage.probe(app) is None
    assert list(media_backend.list(f"{ops_storage.PROBE_FOLDER}/")) == []
