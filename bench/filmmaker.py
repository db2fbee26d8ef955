"""A filmmaker using the studio over HTTP, as a phone does: signs in, creates a film, sends
its video with tus in 256 KB chunks (to one web node, or to several in turn), and waits for
the transcode worker.

Shared by bench/transcode.py and tests/watch/test_real_film.py; nothing here reaches into
the app: only its pages, its tus endpoint and (to watch progress) its database.
"""
import itertools
import os
import re
import time

import httpx
import psycopg

CHUNK = 256 * 1024


class Filmmaker:
    def __init__(self, url, phone, password):
        self.http = httpx.Client(base_url=url, timeout=120)
        self.phone, self.password = phone, password
        self.last_chunk_seconds = None  # how long the last PATCH of the last upload took to answer

    def close(self):
        self.http.close()

    def _token(self, path):
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.http.get(path).text).group(1)

    def sign_in(self):
        answer = self.http.post("/connexion", data={"csrf_token": self._token("/connexion"), "phone": self.phone,
                                                     "password": self.password})
        assert answer.status_code == 303, answer.text[:500]

    def create_film(self, title):
        answer = self.http.post("/studio/films/nouveau", data={
            "csrf_token": self._token("/studio/films/nouveau"), "title": title, "year": "2008", "country": "TG",
            "synopsis": "Un grand lapin, trois petits rongeurs et une forêt."})
        assert answer.status_code == 303, answer.text[:500]
        return int(answer.headers["Location"].rstrip("/").rsplit("/", 1)[1])

    def upload(self, film_id, path, chunk=CHUNK, nodes=()):
        """Sends the file through the studio's tus endpoint; returns the seconds it took.

        `nodes`: base URLs of other web nodes of the same site; chunk after chunk goes to the
        next of [the client's own node, *nodes] in turn (one cookie: every node is on the
        same host, and shares the SECRET_KEY)."""
        started = time.monotonic()
        csrf = re.search(r'data-csrf="([^"]+)"', self.http.get(f"/studio/films/{film_id}").text).group(1)
        tus = {"Tus-Resumable": "1.0.0", "X-CSRFToken": csrf}
        size = os.path.getsize(path)
        created = self.http.post(f"/studio/films/{film_id}/televersements?kind=video&name={os.path.basename(path)}",
                                 headers={**tus, "Upload-Length": str(size)})
        assert created.status_code == 201, created.text
        location, offset = created.headers["Location"], 0
        bases = [str(self.http.base_url).rstrip("/"), *(url.rstrip("/") for url in nodes)]
        with open(path, "rb") as f:
            for number in itertools.count():
                if offset >= size:
                    break
                data = f.read(chunk)
                sent_at = time.monotonic()
                sent = self.http.patch(bases[number % len(bases)] + location, content=data, headers={
                    **tus, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
                self.last_chunk_seconds = time.monotonic() - sent_at
                assert sent.status_code == 204, sent.text
                offset = int(sent.headers["Upload-Offset"])
        return time.monotonic() - started


def follow_transcode(database_url, film_id, timeout, every=1.0):
    """Watches the film's transcode record until it is ready; returns when each rendition
    started and finished, in seconds from the call: {"av1-240": [started, finished], ...}."""
    started, seen = time.monotonic(), {}
    with psycopg.connect(database_url, autocommit=True) as conn:
        while time.monotonic() - started < timeout:
            status, progress = conn.execute("SELECT video_status, transcode_progress FROM films WHERE id = %s",
                                            (film_id,)).fetchone()
            now = time.monotonic() - started
            for rendition in (progress or {}).get("renditions", []):
                times = seen.setdefault(rendition.get("rung", rendition["height"]), [None, None])
                if rendition["state"] in ("encoding", "ready") and times[0] is None:
                    times[0] = now
                if rendition["state"] == "ready" and times[1] is None:
                    times[1] = now
            if progress and progress["state"] == "failed":
                raise AssertionError(f"film {film_id}: transcode failed: {progress}")
            if status == "ready" and progress["state"] == "ready":
                return seen
            time.sleep(every)
    raise AssertionError(f"film {film_id} not ready after {timeout} s")
