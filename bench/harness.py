"""What both benches share: a throw-away PostgreSQL database, the flask CLI, gunicorn on loopback.

Each run gets its own database (created, migrated, filled, dropped at the end) and its own
instance folder and RQ queue, so a bench never touches anyone's data and leaves nothing behind.
The app runs the production way: gunicorn, PostgreSQL, Redis, JOBS_INLINE=false.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import psycopg
from redis import Redis
from rq import Queue

from app.simulator import client_settings

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


@contextmanager
def bench_environment():
    """Yields the environment of a production-like app on a new database; drops it afterwards.

    The payment and SMS providers are the simulator, its own process on loopback, reached over
    HTTP with the production settings (no demo switch)."""
    name = f"karangou_bench_{uuid.uuid4().hex[:8]}"
    folder = tempfile.mkdtemp(prefix="karangou-bench-")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {key: value for key, value in os.environ.items() if key != "KARANGOU_DEMO"}
    simulator_port = free_port()
    simulator = subprocess.Popen([sys.executable, "-m", "app.simulator", "--port", str(simulator_port)],
                                 cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env.update({
        "DATABASE_URL": f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}", "REDIS_URL": REDIS_URL,
        "RQ_QUEUE": f"karangou-{name}", "JOBS_INLINE": "false", "SECRET_KEY": uuid.uuid4().hex * 2,
        "INSTANCE_PATH": os.path.join(folder, "instance"), "MEDIA_ROOT": os.path.join(folder, "media"),
        "PAYMENTS_SIMULATOR": "false", "FLASK_APP": "wsgi", "SMS_PROVIDER": "africastalking",
        "MAIL_PROVIDER": "off", "PUBLIC_BASE_URL": "http://127.0.0.1:1",  # callbacks go nowhere in the benches
        **client_settings(f"http://127.0.0.1:{simulator_port}"),
    })
    try:
        yield env
    finally:
        simulator.terminate()
        simulator.wait(10)
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for queue in (env["RQ_QUEUE"], f"{env['RQ_QUEUE']}-transcode"):
            Queue(queue, connection=Redis.from_url(REDIS_URL)).delete(delete_jobs=True)
        shutil.rmtree(folder, ignore_errors=True)


def flask(env, *args):
    """Runs a flask CLI command of the app; stops the bench with its output if it fails."""
    done = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip()


def query(env, sql):
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        return conn.execute(sql).fetchall()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, workers=4, port=None):
    """Serves the app with gunicorn on loopback (a free port unless given), as the production set-up does."""
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(prefix="karangou-bench-gunicorn-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log.name)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        os.unlink(log.name)


def _wait_until_up(url, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{Path(log_path).read_text()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within {timeout} s:\n{Path(log_path).read_text()}")


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def save(kind, payload):
    """Writes the figures as JSON under bench/results/ (git-ignored) and returns the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc)
    payload = {"date": stamp.isoformat(timespec="seconds"), "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
               "cpus": os.cpu_count(), "load_average": os.getloadavg(), **payload}
    path = RESULTS / f"{kind}-{stamp:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return path


def markdown_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
