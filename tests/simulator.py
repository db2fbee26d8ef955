"""The provider simulator (app/simulator) as its own process on loopback, and waiting helpers."""
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=20.0, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


def _wait_for_port(port, process, timeout=20):
    def ready():
        assert process.poll() is None, "process died"
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    wait_until(ready, timeout, message=f"port {port}")


class Simulator:
    def __init__(self, url):
        self.url = url

    def transactions(self):
        return httpx.get(f"{self.url}/control/transactions", timeout=10).json()["transactions"]

    def transaction(self, reference):
        return next((t for t in self.transactions() if t["reference"] == reference), None)

    def answer(self, provider, key, approve=True, callback=True):
        """The payer taps approve (or decline) on the phone page; the provider's callback may be lost."""
        data = {"answer": "approve" if approve else "decline", "callback": "sent" if callback else "lost"}
        return httpx.post(f"{self.url}/payer/{provider}/{key}", data=data, timeout=10)

    def change_records(self, provider, key, **records):
        """The provider's records say another amount or currency than we asked for."""
        return httpx.post(f"{self.url}/control/{provider}/{key}/records", data=records, timeout=10)

    def resend(self, provider, key, times=1, bad_hash=False):
        params = {"times": times, "bad_hash": "1" if bad_hash else "0"}
        return httpx.post(f"{self.url}/control/{provider}/{key}/callbacks", params=params, timeout=10)


@contextmanager
def running_simulator(paygate_callback):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.simulator", "--port", str(port), "--slow-seconds", "3",
         "--paygate-callback", paygate_callback],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, process)
        yield Simulator(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(10)
