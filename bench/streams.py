"""The stream throughput of one node: video bytes a second through the signed links, per media backend.

    .venv/bin/python bench/streams.py [--backend local|s3|both] [--seconds 10] [--connections 32]

The real film's first 60 s (scripts/fetch-film) is encoded once to the data-saver and standard
rungs (240p and 360p AV1) with the ladder's own settings (app.media.video.encode; the files
are kept in FILM_CACHE for the next run), put in the media store of a throw-away instance
(`local`: its MEDIA_ROOT folder; `s3`: a SeaweedFS started for the run, tests/storage.py) and
served by gunicorn, 4 workers as in the README's production command, on PostgreSQL and Redis
without the demo switch. The links come from the player page, as a phone gets them. wrk then
asks, for --seconds each, with --connections connections:

- `fragments`: one 4-second fragment at a random place of the film per request (a Range of
  the bytes its `sidx` lists), as the page's loader does while a viewer watches;
- `whole`: the whole file per request, as a plain `<video>` or an offline download does;
- `positions`: the player's position beacon (a POST with the page's CSRF token and cookies),
  which every player sends every 15 s whatever cache is in front.

Printed per backend: requests/s, MB/s served (headers included), p50/p99 latency, errors, and the CPU of
the gunicorn workers (and of SeaweedFS) from /proc, in cores. wrk runs on the same machine and
takes part of its CPU. Figures go to bench/results/streams-*.json.
"""
import argparse
import html
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack

import httpx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import harness  # noqa: E402

CUT_SECONDS = 60
RUNGS = ("av1-240", "av1-360")  # the data-saver rung and the standard one
WORKERS = 4  # the README's production command
SLUG = "big-buck-bunny-60s"

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "bytes": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, '
    .. '"errors": %%d}\\n', summary.requests, summary.bytes, summary.duration, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""

WRK_SCRIPT = """
local ranges = {%(ranges)s}
local path = "%(path)s"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
end

request = function()
  if #ranges == 0 then return wrk.format("GET", path) end
  local r = ranges[math.random(#ranges)]
  return wrk.format("GET", path, {["Range"] = "bytes=" .. r[1] .. "-" .. r[2]})
end
""" + WRK_REPORT


POSITION_SCRIPT = """
local path = "%(path)s"
local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "%(cookie)s"}

request = function()
  return wrk.format("POST", path, headers, "csrf_token=%(token)s&position=" .. math.random(0, %(seconds)d))
end
""" + WRK_REPORT

USER_AGENT = "karangou-bench"  # the same on the player page and under wrk: the session is tied to it


def rendition_file(key):
    """The rung's encode of the film's first minute, made once with the ladder's settings, then kept."""
    from app.config import Config
    from app.demo import real_film
    from app.media import video
    from app.watch import transcode

    path = os.path.join(Config.FILM_CACHE, f"big-buck-bunny-{CUT_SECONDS}s-{key}.mp4")
    if not os.path.exists(path):
        print(f"Encoding {key} of the first {CUT_SECONDS} s (once; kept in {Config.FILM_CACHE})...", flush=True)
        video.encode(real_film.cut(CUT_SECONDS), path, transcode.rung(key))
    return path


def store_film():
    """Run inside the bench instance's environment: a published film whose two renditions are in
    the instance's media store (copied there through app.storage, as the transcode job puts them)."""
    from app import create_app, storage
    from app.catalog.models import Film
    from app.demo import real_film
    from app.extensions import db
    from app.media import video
    from app.timeutil import utcnow
    from app.watch import transcode
    from app.watch.models import Rendition

    app = create_app()
    with app.app_context():
        film = Film(slug=SLUG, title=real_film.TITLE, year=2008, country_code="TG", status="published",
                    video_status="ready", published_at=utcnow(), duration_s=CUT_SECONDS)
        db.session.add(film)
        db.session.flush()
        for key in RUNGS:
            local = rendition_file(key)
            probed = video.probe(local)
            stored = f"renditions/{film.id}/bench/{key}.mp4"
            storage.store().put_file(stored, local)
            rung = transcode.rung(key)
            width = next(int(s["width"]) for s in probed["streams"] if s["codec_type"] == "video")
            db.session.add(Rendition(film_id=film.id, height=rung.height, width=width, codec=rung.codec,
                                     video_kbps=rung.video_kbps, audio_kbps=rung.audio_kbps, fragmented=True,
                                     size_bytes=os.path.getsize(local), path=stored,
                                     duration_s=float(probed["format"]["duration"])))
        db.session.commit()


def fragment_ranges(head):
    """The byte ranges (first, last) of the fragments the first sidx box lists (ISO 14496-12
    §8.16.3): what the loader asks for, one 4-second fragment a request."""
    at = 0
    while at + 8 <= len(head):
        size, kind = struct.unpack(">I4s", head[at:at + 8])
        if kind == b"sidx":
            version = head[at + 8]
            p = at + (36 if version else 28)  # after the earliest presentation time and first offset
            first_offset = struct.unpack(">Q" if version else ">I", head[p - (8 if version else 4):p])[0]
            count = struct.unpack(">H", head[p + 2:p + 4])[0]
            start, ranges = at + size + first_offset, []
            for i in range(count):
                length = struct.unpack(">I", head[p + 4 + 12 * i:p + 8 + 12 * i])[0] & 0x7FFFFFFF
                ranges.append((start, start + length - 1))
                start += length
            return ranges
        at += size
    raise ValueError("no sidx")


def links(base):
    """Each rung's signed link from the player page, as an anonymous phone gets it, and its fragments."""
    found = {}
    with httpx.Client(base_url=base, timeout=30, headers={"User-Agent": USER_AGENT}) as http:
        for key in RUNGS:
            height = key.split("-")[1]
            page = http.get(f"/films/{SLUG}/regarder", params={"q": height, "confirmer": 1})
            page.raise_for_status()
            ladder = json.loads(html.unescape(re.search(r"data-ladder='([^']+)'", page.text).group(1)))
            link = next(s["src"] for s in ladder["qualities"][ladder["q"]] if s["codec"] == "av1")
            head = http.get(link, headers={"Range": "bytes=0-262143"})
            assert head.status_code == 206, head.status_code
            found[key] = {"link": link, "ranges": fragment_ranges(head.content),
                          "size": int(head.headers["Content-Range"].rsplit("/", 1)[1])}
        beacon = {"path": html.unescape(re.search(r'data-position-url="([^"]+)"', page.text).group(1)),
                  "token": re.search(r'data-csrf="([^"]+)"', page.text).group(1),
                  "cookie": "; ".join(f"{name}={value}" for name, value in http.cookies.items())}
        saved = http.post(beacon["path"], data={"csrf_token": beacon["token"], "position": 30})
        assert saved.status_code == 204, saved.status_code
    return found, beacon


def pids_matching(needle):
    """The processes whose command line holds `needle` (gunicorn's bind, weed's S3 port)."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/cmdline", "rb") as f:
                    if needle.encode() in f.read().replace(b"\0", b" "):
                        pids.append(int(name))
            except OSError:
                continue
    return pids


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except OSError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


def fragments_script(link, ranges):
    """Asks `link` for one of `ranges` at random per request; the whole file without ranges."""
    return WRK_SCRIPT % {"ranges": ",".join(f"{{{a},{b}}}" for a, b in ranges), "path": link}


def wrk(base, path, lua, seconds, connections, watched):
    """wrk running the `lua` script; the figures, and the CPU (in cores) of each watched group of processes."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script.name,
                   "-H", f"User-Agent: {USER_AGENT}", base + path]
        subprocess.run(command[:3] + ["-d1s"] + command[4:], capture_output=True, check=True)  # warm-up
        before = {name: cpu_seconds(pids) for name, pids in watched.items()}
        started = time.monotonic()
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        wall = time.monotonic() - started
        cores = {name: round((cpu_seconds(pids) - before[name]) / wall, 2) for name, pids in watched.items()}
    figures = json.loads(output.strip().splitlines()[-1])
    duration = figures["duration_us"] / 1e6
    return {"rps": round(figures["requests"] / duration, 1), "mb_per_s": round(figures["bytes"] / duration / 1e6, 1),
            "p50_ms": round(figures["p50_us"] / 1000, 1), "p99_ms": round(figures["p99_us"] / 1000, 1),
            "requests": figures["requests"], "errors": figures["errors"],
            **{f"{name}_cores": value for name, value in cores.items()}}


def measure(backend, stack, folder, seconds, connections):
    settings = {}
    if backend == "s3":
        from tests.storage import ACCESS, _client, running_seaweedfs
        endpoint = stack.enter_context(running_seaweedfs(os.path.join(folder, "seaweedfs")))
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        _client(endpoint).create_bucket(Bucket=bucket)
        settings = {"STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket, **ACCESS}
    with harness.bench_environment() as env:
        env.update(settings)
        harness.flask(env, "db", "upgrade")
        done = subprocess.run([sys.executable, "-c", "from bench.streams import store_film; store_film()"],
                              cwd=harness.ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"storing the film failed:\n{done.stdout}{done.stderr}")
        port = harness.free_port()
        with harness.gunicorn(env, workers=WORKERS, port=port) as base:
            watched = {"gunicorn": pids_matching(f"--bind 127.0.0.1:{port}")}
            if backend == "s3":
                watched["seaweedfs"] = pids_matching(f"-s3.port={settings['S3_ENDPOINT_URL'].rsplit(':', 1)[1]}")
            runs = []
            renditions, beacon = links(base)
            for key, found in renditions.items():
                for mode, ranges in (("fragments", found["ranges"]), ("whole", [])):
                    lua = fragments_script(found["link"], ranges)
                    result = wrk(base, found["link"], lua, seconds, connections, watched)
                    fragment = sum(b - a + 1 for a, b in found["ranges"]) / len(found["ranges"])
                    runs.append({"rendition": key, "mode": mode, "file_bytes": found["size"],
                                 "mean_fragment_bytes": round(fragment), **result})
                    print(f"{backend} {key} {mode}: {result}", flush=True)
            lua = POSITION_SCRIPT % {**beacon, "seconds": CUT_SECONDS}
            result = wrk(base, beacon["path"], lua, seconds, connections, watched)
            runs.append({"rendition": "—", "mode": "positions", **result})
            print(f"{backend} position saves: {result}", flush=True)
        redis = harness.Redis.from_url(harness.REDIS_URL)  # the counters and versions this instance left
        for stale in redis.scan_iter(f"{env['RQ_QUEUE']}:*"):
            redis.delete(stale)
    return runs


def request_of(run):
    if run["mode"] == "fragments":
        return f"one 4 s fragment (~{run['mean_fragment_bytes'] // 1000} KB)"
    if run["mode"] == "whole":
        return f"whole file ({run['file_bytes'] / 1e6:.2f} MB)"
    return "a position save (the player's beacon)"


def table(runs):
    with_weed = any("seaweedfs_cores" in r for r in runs)
    headers = ["rendition", "requests", "req/s", "MB/s", "p50 ms", "p99 ms", "errors", "gunicorn CPU (cores)"]
    headers += ["SeaweedFS CPU (cores)"] if with_weed else []
    rows = []
    for r in runs:
        row = [r["rendition"], request_of(r), r["rps"], r["mb_per_s"], r["p50_ms"], r["p99_ms"], r["errors"],
               r["gunicorn_cores"]]
        rows.append(row + ([r.get("seaweedfs_cores", "")] if with_weed else []))
    return harness.markdown_table(headers, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("local", "s3", "both"), default="both")
    parser.add_argument("--seconds", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    for key in RUNGS:
        rendition_file(key)
    load_before = os.getloadavg()
    results = {}
    with tempfile.TemporaryDirectory(prefix="karangou-bench-") as folder, ExitStack() as stack:
        for backend in (("local", "s3") if args.backend == "both" else (args.backend,)):
            results[backend] = measure(backend, stack, folder, args.seconds, args.connections)
    load_after = os.getloadavg()
    path = harness.save("streams", {"workers": WORKERS, "connections": args.connections, "seconds": args.seconds,
                                    "load_average_before": load_before, "backends": results})
    print(f"\nStreams: gunicorn {WORKERS} workers, wrk 2 threads and {args.connections} connections, "
          f"{args.seconds} s per run; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    for backend, runs in results.items():
        print(f"\n{backend}\n\n{table(runs)}")
    print(f"\nSaved {path}")


if __name__ == "__main__":
    main()
