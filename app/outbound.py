"""One HTTP client per process for our calls to providers (payments, SMS).

Building an httpx client loads the CA bundle: about 50 ms of CPU, once per call with
`httpx.request`, which was most of a payment job. This one is built once per process
(again after a fork, so a child never shares the parent's sockets) and keeps its
connections to each provider alive between calls. It is safe to use from several threads.
"""
import os
import threading

import httpx

_lock = threading.Lock()
_client = None
_client_pid = None


def client():
    global _client, _client_pid
    with _lock:
        if _client is None or _client_pid != os.getpid():
            _client = httpx.Client(limits=httpx.Limits(max_connections=50, max_keepalive_connections=10,
                                                       keepalive_expiry=30))
            _client_pid = os.getpid()
        return _client
