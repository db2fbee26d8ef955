"""The media store in one tar.gz and back, and backup sets copied to object storage.

What scripts/backup and scripts/restore run; the settings are the app's own, read from the
environment (STORAGE_BACKEND, MEDIA_ROOT, S3_*), so no app is started:

    python -m app.storage.archive write FILE     # every object of the store, one at a time
    python -m app.storage.archive restore FILE   # into an empty store only
    python -m app.storage.archive check-empty    # exits 1 when the store holds anything
    python -m app.storage.archive mirror DIR     # BACKUP_DIR's sets to BACKUP_S3_BUCKET

An object is fetched to a temporary file, added and removed before the next one, so a
bucket of any size needs one object's room on the backup machine besides the archive.
`mirror` makes the backup bucket hold what the folder holds after its retention: sets not
there yet are sent, sets the folder no longer keeps are removed.
"""
import os
import sys
import tarfile
import tempfile

from app.storage import build
from app.storage.s3 import S3Store

SKIPPED = (".probe",)  # the readiness probe's own test objects
BACKUP_PREFIX = "backups/"


def write(store, path):
    """Every object of `store` into the tar.gz at `path`; returns how many."""
    count = 0
    with tarfile.open(path, "w:gz", compresslevel=6) as archive:
        for entry in store.list(""):
            if entry.key.startswith(SKIPPED):
                continue
            with store.local_copy(entry.key) as copy:
                archive.add(copy, arcname=entry.key, recursive=False)
            count += 1
    return count


def check_empty(store):
    if any(not entry.key.startswith(SKIPPED) for entry in store.list("")):
        raise SystemExit("the media store is not empty: restore into a fresh bucket or folder")


def restore(store, path):
    """The archive's files into `store`, which must hold nothing yet; returns how many."""
    check_empty(store)
    count = 0
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory(prefix="karangou-restore-") as folder:
        for member in archive:
            if not member.isfile():
                continue
            key = member.name.removeprefix("./")
            local = os.path.join(folder, "object")
            with archive.extractfile(member) as source, open(local, "wb") as target:
                while block := source.read(1024 * 1024):
                    target.write(block)
            store.put_file(key, local, move=True)
            count += 1
    return count


def mirror(settings, folder):
    """The folder's backup files in the backup bucket, nothing more; returns (sent, removed)."""
    bucket = S3Store.from_config({**settings, "S3_BUCKET": settings["BACKUP_S3_BUCKET"]})
    local = {name: os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder)
             if name.startswith("karangou-") and not name.endswith(".part")}
    remote = {entry.key.removeprefix(BACKUP_PREFIX): entry.size for entry in bucket.list(BACKUP_PREFIX)}
    sent = [name for name, size in sorted(local.items()) if remote.get(name) != size]
    for name in sent:
        bucket.put_file(BACKUP_PREFIX + name, os.path.join(folder, name))
    removed = [name for name in sorted(remote) if name.startswith("karangou-") and name not in local]
    for name in removed:
        bucket.delete(BACKUP_PREFIX + name)
    return sent, removed


def main(argv):
    if argv == ["check-empty"]:
        return check_empty(build(dict(os.environ)))
    if len(argv) != 2 or argv[0] not in ("write", "restore", "mirror"):
        raise SystemExit("usage: python -m app.storage.archive write|restore FILE, mirror DIR, or check-empty")
    command, path = argv
    settings = dict(os.environ)
    if command == "mirror":
        sent, removed = mirror(settings, path)
        print(f"backup bucket {settings['BACKUP_S3_BUCKET']}: {len(sent)} file(s) sent, {len(removed)} removed")
        return
    store = build(settings)
    count = write(store, path) if command == "write" else restore(store, path)
    print(f"{count} media object(s) {'archived' if command == 'write' else 'restored'}")


if __name__ == "__main__":
    main(sys.argv[1:])
