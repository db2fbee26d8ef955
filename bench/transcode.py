"""The production path of a real film: studio upload, transcode worker, every rendition watchable.

Usage: .venv/bin/python bench/transcode.py [--seconds N] [--workers 4]

Big Buck Bunny (10 min, 1280×720; scripts/fetch-film) is sent through the studio's tus
endpoint of gunicorn in 256 KB chunks by a signed-in filmmaker, on a production-like
instance (PostgreSQL, Redis, no demo switch); a real `flask jobs worker --queue transcode`
makes every rendition. Printed per rendition: wall time, how many times faster than real
time, MB per minute; then each rendition is fetched whole through its signed link and probed.
--seconds takes the film's first N seconds instead (stream copy). Figures go to
bench/results/transcode-*.json.
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import harness  # noqa: E402
from app.demo import real_film  # noqa: E402
from bench.filmmaker import Filmmaker, follow_transcode  # noqa: E402

PHONE, PASSWORD = "+22890000001", "lapin-des-bois-2008"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=None, help="the film's first N seconds only")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    source = real_film.cut(args.seconds) if args.seconds else real_film.fetch()
    duration = float(json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                                                source], capture_output=True, text=True, check=True).stdout)
                     ["format"]["duration"])
    with harness.bench_environment() as env:
        harness.flask(env, "db", "upgrade")
        harness.flask(env, "accounts", "create-admin", PHONE, "--password", PASSWORD)
        with harness.gunicorn(env, workers=args.workers) as url, transcode_worker(env):
            result = run(env, url, source, duration)
    print_table(result)
    print(f"\nSaved {harness.save('transcode', result)}")


class transcode_worker:
    """`flask jobs worker --queue transcode`, its own process, as in production."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--queue", "transcode"],
                                        cwd=harness.ROOT, env=self.env, stdout=self.log, stderr=self.log)
        return self.process

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(60)
        self.log.close()


def run(env, url, source, duration):
    maker = Filmmaker(url, PHONE, PASSWORD)
    try:
        maker.sign_in()
        film_id = maker.create_film(real_film.TITLE)
        upload_s = maker.upload(film_id, source)
        times = follow_transcode(env["DATABASE_URL"], film_id, timeout=duration * 12 + 600)
        harness.query(env, f"UPDATE films SET status = 'published', published_at = now() WHERE id = {film_id} RETURNING id")
        renditions = harness.query(env, "SELECT codec, height, width, size_bytes, duration_s FROM renditions "
                                        f"WHERE film_id = {film_id} ORDER BY height, codec")
        slug = harness.query(env, f"SELECT slug FROM films WHERE id = {film_id}")[0][0]
        rows = [measure(maker.http, slug, row, times[f"{row[0]}-{row[1]}"], duration) for row in renditions]
    finally:
        maker.close()
    return {"source": {"path": os.path.basename(source), "seconds": round(duration, 1),
                       "bytes": os.path.getsize(source)},
            "upload_seconds": round(upload_s, 1), "chunk_bytes": 256 * 1024,
            "total_seconds": round(max(t[1] for t in times.values()), 1), "renditions": rows}


def measure(http, slug, row, times, film_seconds):
    codec, height, width, size, seconds = row
    wall = times[1] - times[0]
    page = http.get(f"/films/{slug}/regarder", params={"q": height or "son", "confirmer": 1})
    ladder = json.loads(html.unescape(re.search(r"data-ladder='([^']+)'", page.text).group(1)))
    link = next(s["src"] for s in ladder["qualities"][ladder["q"]] if s["codec"] == codec)
    with tempfile.NamedTemporaryFile(suffix=".mp4") as copy:
        with http.stream("GET", link) as answer:
            for block in answer.iter_bytes():
                copy.write(block)
        copy.flush()
        played = float(json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                                                  copy.name], capture_output=True, text=True, check=True).stdout)
                       ["format"]["duration"])
    return {"rendition": f"{codec}-{height}", "width": width, "wall_seconds": round(wall, 1),
            "times_real_time": round(film_seconds / wall, 1) if wall else None,
            "mb_per_minute": round(size / 1_000_000 / seconds * 60, 2), "megabytes": round(size / 1_000_000, 1),
            "player_page": page.status_code, "served_seconds": round(played, 1),
            "watchable": page.status_code == 200 and abs(played - film_seconds) < 1.5}


def print_table(result):
    source = result["source"]
    print(f"Source: {source['path']}, {source['seconds']} s, {source['bytes'] / 1e6:.1f} MB; "
          f"tus upload in 256 KB chunks: {result['upload_seconds']} s; "
          f"transcode: {result['total_seconds']} s for every rendition\n")
    print(harness.markdown_table(
        ["Rendition", "Wall time s", "× real time", "MB per minute", "MB", "Served whole and probed"],
        [[r["rendition"], r["wall_seconds"], r["times_real_time"], r["mb_per_minute"], r["megabytes"],
          f"{r['served_seconds']} s" if r["watchable"] else f"NO ({r['served_seconds']} s)"]
         for r in result["renditions"]]))


if __name__ == "__main__":
    main()
