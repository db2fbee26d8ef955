"""Is the media storage usable? Asked of the app's store (app.storage), whichever backend.

`/readyz` and `flask ops alerts` check storage through these functions only.
"""
import os
import secrets
import socket

from app import storage

PROBE_FOLDER = ".probe"


def probe(app):
    """Stores a small object, reads it back and removes it.
    Returns None when that worked, else what went wrong (no path or key in it)."""
    store = storage.store(app)
    content = secrets.token_bytes(32)
    key = f"{PROBE_FOLDER}/{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        store.put_bytes(key, content)
        if store.read(key) != content:
            return "read back differs"
    except OSError as error:
        return f"{type(error).__name__} (errno {error.errno})"
    except Exception as error:  # the object store's client raises its own kinds (boto3's ClientError…)
        return type(error).__name__
    finally:
        try:
            store.delete(key)
        except Exception:  # already reported above
            pass
    return None


def read_start(app, key, size=4096):
    """The first `size` bytes of a stored object (a rendition), for the streaming check."""
    return storage.store(app).read_range(key, 0, size)


def disk_used_percent(app):
    """How full the file system holding the media is, in percent, as `df` counts it; None for
    an object store, which has no file system of ours to fill."""
    return storage.store(app).used_percent()
