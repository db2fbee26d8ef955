"""What both backends share: the error for a missing key, a listing entry, local copies."""
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

CHUNK_BYTES = 256 * 1024  # what a streamed read hands over at a time


class MissingKey(KeyError):
    """Nothing is stored under this key."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    modified: float  # seconds since the epoch


def check_key(key):
    """Keys are relative, slash-separated and never climb out of the store."""
    if not key or key.startswith("/") or "\\" in key or any(part in ("", ".", "..") for part in key.split("/")):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class Store:
    """The operations both backends offer. Each backend writes `put_file`, `put_bytes`, `size`,
    `iter_range`, `fetch`, `delete`, `delete_prefix`, `list` and `used_percent`; the rest is
    built on them here."""

    def exists(self, key):
        return self.size(key) is not None

    def read(self, key):
        """The whole object's bytes (posters, probes: small objects)."""
        size = self.size(key)
        if size is None:
            raise MissingKey(key)
        return self.read_range(key, 0, size) if size else b""

    def read_range(self, key, start, length):
        """`length` bytes from `start` (fewer at the end of the object)."""
        return b"".join(self.iter_range(key, start, length))

    @contextmanager
    def local_copy(self, key):
        """A local file holding the object, removed afterwards (the local backend yields its own
        file, which must then not be changed)."""
        folder = tempfile.mkdtemp(prefix="karangou-")
        try:
            path = os.path.join(folder, os.path.basename(key))
            self.fetch(key, path)
            yield path
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def local_path(self, key):
        """The object's file on this machine's disk, or None when the store is not a folder."""
        return None
