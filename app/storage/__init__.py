"""Where media live: posters, sources, renditions. One interface, two backends.

Everything the app keeps goes in by a key (`sources/12/ab34.source`,
`renditions/12/ab34/av1-240.mp4`, `posters/films/12/…/160.webp`), never by a path. The backend
is chosen by `STORAGE_BACKEND`:

- `local` (the default, and the demo's): a folder, `MEDIA_ROOT`; a key is a path under it, so
  `send_file` and nginx's `X-Accel-Redirect` serve files as before;
- `s3`: a bucket of an S3-compatible object store (AWS, SeaweedFS, MinIO…) through boto3; the
  web nodes and the transcode workers then share no disk.

`store()` is the app's store, built once by `init_app`. Both backends offer the same methods
(see `LocalStore`); a missing key raises `MissingKey` from every reading method.
"""
import os

from flask import current_app

from app.storage.common import MissingKey, StoredObject
from app.storage.local import LocalStore
from app.storage.s3 import S3Store

__all__ = ["LocalStore", "MissingKey", "S3Store", "StoredObject", "init_app", "store", "scratch_folder"]
BACKENDS = ("local", "s3")


def init_app(app):
    app.extensions["storage"] = build(app.config)


def build(config):
    """The store a configuration names (checked by app.config_checks.check outside the demo)."""
    if config.get("STORAGE_BACKEND", "local") == "s3":
        return S3Store.from_config(config)
    return LocalStore(config["MEDIA_ROOT"])


def store(app=None):
    return (app or current_app).extensions["storage"]


def scratch_folder(name, app=None):
    """A folder of this machine's own, under MEDIA_ROOT whatever the backend, for files being
    assembled before they go to the store (a chunk being received, an upload being joined);
    made when missing."""
    folder = os.path.join((app or current_app).config["MEDIA_ROOT"], name)
    os.makedirs(folder, exist_ok=True)
    return folder
