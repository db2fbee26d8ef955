"""What a resumable upload costs the web nodes: a 100 MB video in 256 KB tus chunks.

Usage: .venv/bin/python bench/uploads.py [--mb 100] [--backend local|s3|both]

A signed-in filmmaker sends the real film (scripts/fetch-film), joined to itself until it
weighs about --mb megabytes (stream copy), to gunicorn (2 workers, PostgreSQL, Redis, no demo
switch) in 256 KB chunks over loopback. With `s3` the media store is a SeaweedFS started for
the run (tests/storage.py). Printed per backend: the whole upload's seconds, the last chunk's
(the one that makes the source), and what the media store holds at the end.
"""
import argparse
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app.demo import real_film  # noqa: E402
from bench.filmmaker import Filmmaker  # noqa: E402
from tests.gunicorn import ROOT, production_app  # noqa: E402
from tests.storage import ACCESS, _client, running_seaweedfs  # noqa: E402

PHONE, PASSWORD = "+22890000001", "lapin-des-bois-2008"


def video_of(megabytes, folder):
    """The real film joined to itself (no re-encoding) until it is about `megabytes` MB."""
    film = real_film.fetch()
    times = max(1, round(megabytes * 1e6 / os.path.getsize(film)))
    listing = os.path.join(folder, "films.txt")
    with open(listing, "w") as f:
        f.write(f"file '{film}'\n" * times)
    path = os.path.join(folder, f"film-{megabytes}mb.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listing, "-c", "copy", path],
                   check=True)
    return path


def measure(source, settings):
    with production_app(workers=2, **settings) as served:
        done = subprocess.run([sys.executable, "-m", "flask", "accounts", "create-admin", PHONE, "--password",
                               PASSWORD], cwd=ROOT, env=served.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        maker = Filmmaker(served.url, PHONE, PASSWORD)
        maker.sign_in()
        film_id = maker.create_film("Mesure")
        seconds = maker.upload(film_id, source)
        maker.close()
        (key,), = served.query("SELECT source_path FROM films WHERE id = %s", film_id)
        return {"seconds": seconds, "last_chunk_seconds": maker.last_chunk_seconds, "source": key}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--backend", choices=("local", "s3", "both"), default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="karangou-bench-") as folder, ExitStack() as stack:
        source = video_of(args.mb, folder)
        size = os.path.getsize(source)
        print(f"{size / 1e6:.1f} MB in {-(-size // (256 * 1024))} chunks of 256 KB")
        for backend in (("local", "s3") if args.backend == "both" else (args.backend,)):
            settings = {}
            if backend == "s3":
                endpoint = stack.enter_context(running_seaweedfs(os.path.join(folder, "seaweedfs")))
                _client(endpoint).create_bucket(Bucket="bench")
                settings = {"STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": "bench", **ACCESS}
            result = measure(source, settings)
            print(f"{backend:5}  upload {result['seconds']:.1f} s ({size / 1e6 / result['seconds']:.0f} MB/s), "
                  f"last chunk {result['last_chunk_seconds']:.2f} s")


if __name__ == "__main__":
    main()
