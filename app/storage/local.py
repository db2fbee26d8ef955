"""The local backend: a folder (MEDIA_ROOT), a key being a path under it."""
import os
import shutil

from app.storage.common import CHUNK_BYTES, MissingKey, Store, StoredObject, check_key


class LocalStore(Store):
    name = "local"

    def __init__(self, root):
        self.root = os.path.abspath(root)

    def _path(self, key):
        return os.path.join(self.root, *check_key(key).split("/"))

    def put_file(self, key, path, move=False):
        """Stores a local file under `key` (moved when `move`, as an upload is); replaces any
        object already there, never leaving a half-written one."""
        destination = self._path(key)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        if move:
            shutil.move(path, destination)
            return
        partial = f"{destination}.partial"
        shutil.copyfile(path, partial)
        os.replace(partial, destination)

    def put_bytes(self, key, data, content_type=None):
        destination = self._path(key)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        partial = f"{destination}.partial"
        with open(partial, "wb") as f:
            f.write(data)
        os.replace(partial, destination)

    def size(self, key):
        try:
            return os.path.getsize(self._path(key))
        except (FileNotFoundError, NotADirectoryError):
            return None

    def iter_range(self, key, start, length, chunk=CHUNK_BYTES):
        try:
            f = open(self._path(key), "rb")
        except (FileNotFoundError, NotADirectoryError) as error:
            raise MissingKey(key) from error
        with f:
            f.seek(start)
            left = length
            while left > 0:
                block = f.read(min(chunk, left))
                if not block:
                    return
                left -= len(block)
                yield block

    def fetch(self, key, path):
        try:
            shutil.copyfile(self._path(key), path)
        except (FileNotFoundError, NotADirectoryError) as error:
            raise MissingKey(key) from error

    def local_copy(self, key):
        return _Existing(self._path(key), key)

    def local_path(self, key):
        return self._path(key)

    def delete(self, key):
        try:
            os.unlink(self._path(key))
        except (FileNotFoundError, NotADirectoryError):
            pass

    def delete_prefix(self, prefix):
        """Removes every object under `prefix` (a folder: `renditions/3/a/`); never the whole store."""
        folder = self._path(prefix.rstrip("/"))
        shutil.rmtree(folder, ignore_errors=True)

    def list(self, prefix):
        """Every object under `prefix` (a folder: ends with '/'; "" for all), in no set order."""
        top = self._path(prefix.rstrip("/")) if prefix.strip("/") else self.root
        for folder, _, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    status = os.stat(path)
                except FileNotFoundError:  # removed meanwhile
                    continue
                key = os.path.relpath(path, self.root).replace(os.sep, "/")
                yield StoredObject(key, status.st_size, status.st_mtime)

    def used_percent(self):
        """How full the file system holding the folder is, as `df` counts it (blocks kept for
        root are neither used nor available)."""
        usage = shutil.disk_usage(self.root)
        room = usage.used + usage.free
        return 100.0 * usage.used / room if room else 0.0


class _Existing:
    """`with store.local_copy(key) as path` for a file that is already local: no copy."""

    def __init__(self, path, key):
        self.path, self.key = path, key

    def __enter__(self):
        if not os.path.isfile(self.path):
            raise MissingKey(self.key)
        return self.path

    def __exit__(self, *exc):
        return False
