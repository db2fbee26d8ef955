"""An upload's bytes in the media store, one object per chunk, so any web node takes the next one.

Each PATCH's bytes become the object `uploads/<token>/<offset>` of the media store
(app.storage: the MEDIA_ROOT folder, or the bucket every node shares). The upload's row says
how many bytes arrived; it moves on in the transaction that stored the chunk, under the row's
lock, so two nodes never both take one offset. An object at the row's offset is one whose
transaction did not commit: the next chunk sent at that offset replaces it.

When the last byte arrives, the node that got it joins the chunks into one file of its own
(`MEDIA_ROOT/incoming/`, a working folder of that node: on the folder backend, moving it into
place is a rename), which is checked and stored as before; then the chunks go.
"""
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress

from werkzeug.exceptions import ClientDisconnected

from app import storage

SCRATCH = "incoming"
COPY_BLOCK = 64 * 1024
FETCHES_AT_ONCE = 8  # chunks read from the store at the same time while joining them


class MissingChunks(RuntimeError):
    """The stored chunks do not cover the upload from its first byte to its last."""


def prefix(token):
    return f"uploads/{token}/"


@contextmanager
def receiving(stream, length):
    """A working file holding the request's body, `length` bytes or fewer when the connection
    dropped (what arrived is kept: the client resumes after it); yields (path, bytes written).
    The file is removed afterwards unless it was stored (moved) meanwhile."""
    fd, path = tempfile.mkstemp(dir=storage.scratch_folder(SCRATCH), suffix=".chunk")
    try:
        with os.fdopen(fd, "wb") as f:
            written = 0
            while written < length:
                try:
                    block = stream.read(min(COPY_BLOCK, length - written))
                except ClientDisconnected:
                    block = b""
                if not block:
                    break
                f.write(block)
                written += len(block)
        yield path, written
    finally:
        with suppress(FileNotFoundError):
            os.unlink(path)


def store_chunk(token, offset, path):
    """Stores the working file as the chunk at `offset` (moved: the working file goes)."""
    storage.store().put_file(f"{prefix(token)}{offset}", path, move=True)


def stored_chunks(token):
    """(offset, size, key) of every chunk stored for the upload, in order."""
    found = []
    for entry in storage.store().list(prefix(token)):
        name = entry.key.rsplit("/", 1)[1]
        if name.isdigit():
            found.append((int(name), entry.size, entry.key))
    return sorted(found)


@contextmanager
def assembled(token, length):
    """A working file holding the upload's `length` bytes, joined from its chunks (read from the
    store a few at a time); removed afterwards unless moved away meanwhile. MissingChunks when
    the chunks do not cover every byte once."""
    chunks, expected = [], 0
    for offset, size, key in stored_chunks(token):
        if offset != expected:
            raise MissingChunks(f"upload chunks: byte {expected} expected, chunk at {offset}")
        chunks.append((offset, size, key))
        expected += size
    if expected != length:
        raise MissingChunks(f"upload chunks: {expected} bytes stored of {length}")
    store = storage.store()
    fd, path = tempfile.mkstemp(dir=storage.scratch_folder(SCRATCH), suffix=".upload")
    try:
        def copy(chunk):
            offset, size, key = chunk
            for block in store.iter_range(key, 0, size):
                os.pwrite(fd, block, offset)
                offset += len(block)

        with ThreadPoolExecutor(FETCHES_AT_ONCE) as pool:
            list(pool.map(copy, chunks))
        os.close(fd)
        fd = None
        yield path
    finally:
        if fd is not None:
            os.close(fd)
        with suppress(FileNotFoundError):
            os.unlink(path)


def drop(token):
    """Removes every chunk of the upload from the store; nothing happens when there is none."""
    storage.store().delete_prefix(prefix(token))


def keep_unbroken(token):
    """After MissingChunks: keeps the chunks that follow one another from the first byte, removes
    the rest and returns how many bytes that is, the offset the upload goes on from."""
    covered = 0
    for offset, size, key in stored_chunks(token):
        if offset == covered:
            covered += size
        else:
            storage.store().delete(key)
    return covered
