"""Karangou on several machines with no shared disk: two gunicorn nodes, each with its own folder,
a transcode worker in a third, all on one PostgreSQL, Redis and SeaweedFS bucket. A film whose
chunks alternate between the nodes is transcoded by the worker and plays through the other node;
of two nodes sent the same offset at once, one takes it."""
import html
import os
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest

from app import storage
from bench.filmmaker import Filmmaker, follow_transcode
from tests.gunicorn import ROOT, node_folders, production_site
from tests.simulator import wait_until

PHONE, PASSWORD = "+22890000001", "lapin-des-bois-2008"
CHUNK = 64 * 1024  # the 3-second clip in a dozen chunks or so


@pytest.fixture(scope="module")
def site(seaweedfs):
    with production_site(nodes=2, workers=1, **seaweedfs) as nodes:
        done = subprocess.run([sys.executable, "-m", "flask", "accounts", "create-admin", PHONE, "--password",
                               PASSWORD], cwd=ROOT, env=nodes[0].env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        yield nodes
    bucket = storage.build(seaweedfs)
    for entry in list(bucket.list("")):  # the session's other tests start from an empty bucket
        bucket.delete(entry.key)


def _patches(node):
    """The chunks a node answered: the status of every PATCH in its access log, in order."""
    with open(node.access_log) as log:
        return [line.split()[3] for line in log if line.split()[1:2] == ["PATCH"]]


def _files(folder):
    return [os.path.join(top, name) for top, _, names in os.walk(folder) for name in names]


def test_a_film_sent_to_two_nodes_in_turn_is_transcoded_and_plays_through_the_other(site, seaweedfs, source_clip,
                                                                                      tmp_path):
    first, second = site
    answered = [len(_patches(node)) for node in site]
    maker = Filmmaker(first.url, PHONE, PASSWORD)
    maker.sign_in()
    film_id = maker.create_film("Deux machines")
    maker.upload(film_id, source_clip, chunk=CHUNK, nodes=[second.url])
    maker.close()
    chunks = -(-os.path.getsize(source_clip) // CHUNK)
    assert chunks >= 4
    expected = {0: ["204"] * ((chunks + 1) // 2), 1: ["204"] * (chunks // 2)}
    # a node writes its access line once the answer is sent: the last one may come a moment later
    wait_until(lambda: all(len(_patches(site[n])[answered[n]:]) >= len(expected[n]) for n in expected), timeout=10,
               message="the access logs")
    assert _patches(first)[answered[0]:] == expected[0]
    assert _patches(second)[answered[1]:] == expected[1]
    for node in site:  # every byte went to the bucket: no node kept any
        assert _files(node.env["MEDIA_ROOT"]) == []

    worker_env = {**first.env, **node_folders(str(tmp_path / "worker"))}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--queue", "transcode"], cwd=ROOT,
                              env=worker_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        follow_transcode(first.env["DATABASE_URL"], film_id, timeout=600)
    finally:
        worker.terminate()
        worker.wait(60)
    first.query("UPDATE films SET status = 'published', published_at = now() WHERE id = %s RETURNING id", film_id)
    (slug,), = first.query("SELECT slug FROM films WHERE id = %s", film_id)
    stored = dict(first.query("SELECT size_bytes, path FROM renditions WHERE film_id = %s", film_id))

    other = second if chunks % 2 else first  # the node that did not get the last chunk (nor make the source)
    with httpx.Client(base_url=other.url, timeout=30) as viewer:
        page = viewer.get(f"/films/{slug}/regarder?q=240&confirmer=1")
        assert page.status_code == 200
        link = html.unescape(re.search(r'<source src="(/v/[^"#]+)', page.text).group(1))
        head = viewer.head(link)
        assert head.status_code == 200, head.status_code
        size = int(head.headers["Content-Length"])
        ranged = viewer.get(link, headers={"Range": "bytes=1000-5999"})
    path = stored[size]
    assert ranged.status_code == 206 and ranged.headers["Content-Range"] == f"bytes 1000-5999/{size}"
    assert ranged.content == storage.build(seaweedfs).read_range(path, 1000, 5000)
    assert _files(worker_env["MEDIA_ROOT"]) == []
    for node in site:
        assert _files(node.env["MEDIA_ROOT"]) == []


def test_of_two_nodes_sent_the_same_offset_at_once_one_stores_it_and_the_other_answers_409(site, seaweedfs):
    first, second = site
    maker = Filmmaker(first.url, PHONE, PASSWORD)
    maker.sign_in()
    film_id = maker.create_film("Deux envois")
    csrf = re.search(r'data-csrf="([^"]+)"', maker.http.get(f"/studio/films/{film_id}").text).group(1)
    tus = {"Tus-Resumable": "1.0.0", "X-CSRFToken": csrf}
    created = maker.http.post(f"/studio/films/{film_id}/televersements?kind=video&name=film.mp4",
                              headers={**tus, "Upload-Length": "200000"})
    location = created.headers["Location"]
    slow, fast = b"a" * 100_000, b"b" * 100_000
    with socket.create_connection(("127.0.0.1", int(first.url.rsplit(":", 1)[1]))) as sock:
        # a phone on 2G: the first node reads its chunk slowly…
        sock.sendall((f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session={maker.http.cookies['session']}"
                      f"\r\nX-CSRFToken: {csrf}\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                      f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(slow)}\r\n\r\n"
                      ).encode() + slow[:50_000])
        time.sleep(1)
        # …while the same offset, sent again, reaches the second node and is stored whole
        again = maker.http.patch(second.url + location, content=fast, headers={
            **tus, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
        assert again.status_code == 204 and again.headers["Upload-Offset"] == "100000"
        sock.sendall(slow[50_000:])
        answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 409")
    for node in site:
        assert maker.http.head(node.url + location, headers=tus).headers["Upload-Offset"] == "100000"
    token = location.rsplit("/", 1)[1]
    assert storage.build(seaweedfs).read(f"uploads/{token}/0") == fast
    assert _files(first.env["MEDIA_ROOT"]) == []  # the refused chunk's working file went too
    maker.close()
