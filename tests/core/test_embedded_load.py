"""The embedded default (`scripts/run`: SQLite, jobs in the web process) stays whole while the
demo transcodes: 20 visitors at once for 20 seconds get no 5xx, video bytes and payments included.

scripts/run is started as a newcomer would, with its instance folder somewhere else
(INSTANCE_PATH): the transcoder and the other helpers must start and log there."""
import html
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx
import pytest

from tests.simulator import ROOT, free_port, wait_until

CLIENTS, SECONDS = 20, 20
COUNTING = threading.Lock()


@pytest.fixture
def embedded(tmp_path):
    """scripts/run on three 15-second demo films (seeded first, so it skips its own seeding): each
    takes its eight renditions long enough for the load to run while the second is encoded."""
    instance = tmp_path / "elsewhere" / "instance"
    port = free_port()
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("KARANGOU_", "DATABASE_", "REDIS_", "RQ_", "JOBS_", "MEDIA_", "SECRET_"))}
    env.update(INSTANCE_PATH=str(instance), PORT=str(port), FLASK_APP="wsgi", KARANGOU_DEMO="1")
    env["PATH"] = f"{os.path.join(ROOT, '.venv', 'bin')}:{env['PATH']}"
    for args in (["db", "upgrade"], ["demo", "seed", "--films", "3", "--seconds", "15", "--no-real-film"]):
        subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True, capture_output=True,
                       timeout=300)
    log = open(tmp_path / "run.log", "w")
    process = subprocess.Popen([os.path.join(ROOT, "scripts", "run")], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(lambda: _answers(f"http://127.0.0.1:{port}/"), timeout=120, interval=0.5, message="scripts/run")
        yield f"http://127.0.0.1:{port}", instance
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and the helpers it started, nothing else
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:  # an encode that does not stop on SIGTERM
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
        log.close()


def _answers(url):
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _films(instance):
    with sqlite3.connect(instance / "karangou.db") as conn:
        return conn.execute("SELECT slug, video_status, transcode_progress FROM films ORDER BY id").fetchall()


def _project_code(instance):
    with sqlite3.connect(instance / "karangou.db") as conn:
        return conn.execute("SELECT short_code FROM projects WHERE status = 'live' ORDER BY id").fetchone()[0]


def _visit(url, slug, code, number, until, answers):
    """One visitor going round: home, film page, player, video bytes, position, a contribution."""
    with httpx.Client(base_url=url, timeout=30) as visitor:
        while time.monotonic() < until:
            for method, path, kwargs in _round(visitor, slug, code, number):
                try:
                    answer = visitor.request(method, path, **kwargs).status_code // 100
                except httpx.HTTPError as error:
                    answer = type(error).__name__
                with COUNTING:
                    answers[answer] += 1
            number += 1


def _round(visitor, slug, code, number):
    yield "GET", "/", {}
    yield "GET", f"/films/{slug}", {}
    player = visitor.get(f"/films/{slug}/regarder?q=240")
    video = html.unescape(re.search(r'src="(/v/[^"#]+)["#]', player.text).group(1))  # a <source>, #t= once a position is saved
    csrf = re.search(r'data-csrf="([^"]+)"', player.text).group(1)
    yield "GET", video, {"headers": {"Range": "bytes=0-65535"}}
    yield "POST", f"/films/{slug}/position", {"data": {"position": str(number % 60), "csrf_token": csrf}}
    form = visitor.get(f"/projets/{code}/contribuer").text
    fields = dict(re.findall(r'name="(csrf_token|key)" value="([^"]+)"', form))
    yield "POST", f"/projets/{code}/contribuer", {"data": {
        **fields, "amount": "500", "pay_by": "mobile", "operator": "auto", "name": "",
        "phone": f"90{number % 1_000_000:06d}"[:6] + "01"}}


def test_twenty_visitors_get_no_5xx_while_the_demo_transcodes(embedded):
    url, instance = embedded
    wait_until(lambda: _films(instance)[0][1] == "ready", timeout=600, interval=1, message="the first film")
    slug = _films(instance)[0][0]
    assert _films(instance)[1][1] != "ready", "the second film must still be transcoding during the load"
    answers, until = Counter(), time.monotonic() + SECONDS
    visitors = [threading.Thread(target=_visit, args=(url, slug, _project_code(instance), 1000 * i, until, answers))
                for i in range(CLIENTS)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    still_transcoding = [status for _, status, _ in _films(instance)[1:]]
    assert "processing" in still_transcoding, "the load must have run while a film was being transcoded"
    assert {kind: n for kind, n in answers.items() if kind not in (2, 3, 4)} == {}, answers
    assert answers[2] + answers[3] > 10 * CLIENTS, answers
    for helper in ("transcode", "sweep", "close-ended", "cleanup"):
        assert (instance / f"{helper}.log").exists(), f"{helper} did not start"
