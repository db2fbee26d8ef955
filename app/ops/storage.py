"""Is the media storage usable? Today it is the MEDIA_ROOT folder.

`probe(app)` is the one place that knows where media live: an object store would plug in
here (put a small object, read it back, delete it) and everything that checks storage —
`/readyz`, `flask ops alerts` — would follow.
"""
import os
import secrets
import shutil
import socket

PROBE_FOLDER = ".probe"


def probe(app):
    """Writes a small file under the media root, reads it back and removes it.
    Returns None when that worked, else what went wrong (no path in it)."""
    folder = os.path.join(app.config["MEDIA_ROOT"], PROBE_FOLDER)
    content = secrets.token_bytes(32)
    path = os.path.join(folder, f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
        with open(path, "rb") as f:
            if f.read() != content:
                return "read back differs"
    except OSError as error:
        return f"{type(error).__name__} (errno {error.errno})"
    finally:
        try:
            os.remove(path)
        except OSError:
            pass
    return None


def read_start(app, relative_path, size=4096):
    """The first `size` bytes of a stored file (a rendition), for the streaming check."""
    with open(os.path.join(app.config["MEDIA_ROOT"], relative_path), "rb") as f:
        return f.read(size)


def disk_used_percent(app):
    """How full the file system holding the media is, in percent, as `df` counts it (blocks
    kept for root are neither used nor available)."""
    usage = shutil.disk_usage(app.config["MEDIA_ROOT"])
    room = usage.used + usage.free
    return 100.0 * usage.used / room if room else 0.0
