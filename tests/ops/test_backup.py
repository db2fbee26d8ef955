"""scripts/backup and scripts/restore: a populated instance comes back whole in a fresh database
and media folder or bucket, its books balanced and its film playing."""
import html
import os
import subprocess
import sys
import time
import uuid

import psycopg
import pytest

from app import storage
from app.extensions import db
from app.funding import ledger
from app.payments.models import Payment
from tests.conftest import REDIS_URL, make_test_app, new_database
from tests.factories import make_project
from tests.simulator import ROOT

DAY = 86400


def _script(name, env, *args):
    return subprocess.run([os.path.join(ROOT, "scripts", name), *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def fresh_database():
    with new_database("karangou_restored") as url:
        yield url


def _credited(project, amount, n):
    contribution = ledger.new_contribution(project_id=project.id, amount_fcfa=amount, display_name=f"Soutien {n}")
    db.session.add(Payment(contribution_id=contribution.id, provider="paygate", method="flooz",
                           phone=f"+228900000{n:02d}", amount_fcfa=amount, status="succeeded",
                           reference=f"ref-backup-{n}", idempotency_key=f"key-backup-{n}",
                           short_code=f"bk{n:08d}"))
    db.session.flush()
    assert ledger.credit(contribution.id) == ledger.CREDITED


@pytest.fixture
def new_bucket(request):
    """Makes buckets on the session's SeaweedFS and removes them afterwards: each bucket is a
    collection of volumes there, and the server has room for a few only."""
    made = []

    def make(settings):
        bucket = f"karangou-restore-{uuid.uuid4().hex[:10]}"
        storage.S3Store.from_config(settings).client.create_bucket(Bucket=bucket)
        made.append((settings, bucket))
        return bucket

    yield make
    for settings, bucket in made:
        store = storage.S3Store.from_config({**settings, "S3_BUCKET": bucket})
        for entry in list(store.list("")):
            store.delete(entry.key)
        store.client.delete_bucket(Bucket=bucket)


def test_a_backup_restores_into_a_fresh_database_and_media_store(app, pg_database, media_backend, playable_film,
                                                                  fresh_database, tmp_path, request, new_bucket):
    """On the local folder, and on SeaweedFS: the bucket into the set, the set into a new bucket,
    and the sets copied to a backup bucket."""
    project = make_project(film=playable_film, code="SAUVE", goal=100_000)
    for n, amount in enumerate((2_500, 10_000, 1_500)):
        _credited(project, amount, n)
    db.session.commit()
    backups = tmp_path / "backups"
    on_s3 = media_backend.name == "s3"
    s3 = request.getfixturevalue("seaweedfs") if on_s3 else {}
    extra = {**s3, "BACKUP_S3_BUCKET": new_bucket(s3)} if on_s3 else {}
    done = _script("backup", {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                              "MEDIA_ROOT": app.config["MEDIA_ROOT"], "BACKUP_DIR": str(backups), **extra})
    assert done.returncode == 0, done.stderr
    dumps = sorted(p for p in os.listdir(backups) if p.endswith(".dump"))
    media_archive = dumps[0].replace(".dump", ".media.tar.gz")
    assert len(dumps) == 1 and os.path.exists(backups / media_archive)
    if on_s3:  # the backup bucket holds the set too
        kept = storage.S3Store.from_config({**s3, "S3_BUCKET": extra["BACKUP_S3_BUCKET"]})
        assert sorted(e.key for e in kept.list("backups/")) == [f"backups/{dumps[0]}", f"backups/{media_archive}"]

    media = tmp_path / "restored-media"
    restored_store = {**s3, "S3_BUCKET": new_bucket(s3)} if on_s3 else {}
    env = {"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(media), **restored_store}
    done = _script("restore", env, str(backups / dumps[0]))
    assert done.returncode == 0, done.stderr
    again = _script("restore", env, str(backups / dumps[0]))
    assert again.returncode == 1 and "fresh one" in again.stderr  # never over a live instance

    checked = subprocess.run([sys.executable, "-m", "flask", "payments", "check-ledger"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "FLASK_APP": "wsgi", "KARANGOU_DEMO": "1", "DATABASE_URL": fresh_database,
                                  "MEDIA_ROOT": str(media), "REDIS_URL": REDIS_URL, "SECRET_KEY": "restored",
                                  "INSTANCE_PATH": str(tmp_path / "instance"), **restored_store})
    assert checked.returncode == 0, checked.stderr
    assert "ledger balanced" in checked.stdout
    with psycopg.connect(fresh_database) as conn:
        assert conn.execute("SELECT raised_fcfa, contributors_count FROM projects WHERE short_code = 'SAUVE'"
                            ).fetchone() == (14_000, 3)

    restored = make_test_app(fresh_database, str(tmp_path / "restored"), MEDIA_ROOT=str(media), **restored_store)
    client = restored.test_client()
    player = client.get(f"/films/{playable_film.slug}/regarder")
    assert player.status_code == 200
    link = player.get_data(as_text=True).split('src="/v/', 1)[1].split('"', 1)[0]
    video = client.get(html.unescape(f"/v/{link}"), headers={"Range": "bytes=0-4095"})
    assert video.status_code == 206 and video.mimetype == "video/mp4"
    body = video.get_data()
    video.close()
    assert body[4:8] == b"ftyp" and len(body) == 4096
    assert body in [media_backend.read_range(r.path, 0, 4096) for r in playable_film.renditions]
    with restored.app_context():
        db.engine.dispose()


def _fake_set(folder, stamp, age_days):
    for suffix in (".dump", ".media.tar.gz"):
        path = folder / f"karangou-{stamp}{suffix}"
        path.write_bytes(b"old")
        when = time.time() - age_days * DAY
        os.utime(path, (when, when))


def test_backups_keep_seven_sets_and_never_the_last_ones_away(app, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    for n in range(9):  # nine old nightly sets, 8 to 16 days old
        _fake_set(backups, f"202611{10 + n:02d}-010000", 16 - n)
    env = {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "MEDIA_ROOT": app.config["MEDIA_ROOT"],
           "BACKUP_DIR": str(backups)}
    assert _script("backup", env).returncode == 0
    dumps = sorted(p for p in os.listdir(backups) if p.endswith(".dump"))
    tars = sorted(p for p in os.listdir(backups) if p.endswith(".media.tar.gz"))
    assert len(dumps) == 7 and len(tars) == 7
    assert dumps[0] == "karangou-20261113-010000.dump"  # the six newest old ones and tonight's


def test_old_sets_stay_while_there_are_fewer_than_seven(app, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    _fake_set(backups, "20261001-010000", 60)  # backups stopped two months ago
    env = {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "MEDIA_ROOT": app.config["MEDIA_ROOT"],
           "BACKUP_DIR": str(backups)}
    assert _script("backup", env).returncode == 0
    assert len([p for p in os.listdir(backups) if p.endswith(".dump")]) == 2
