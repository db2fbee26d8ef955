"""Provider calls share one HTTP client per process, and a forked child builds its own."""
import os

from app import outbound


def test_one_client_per_process_and_a_new_one_after_fork():
    parent = outbound.client()
    assert outbound.client() is parent
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never reuse the parent's sockets
        os.write(write, b"new" if outbound.client() is not parent else b"shared")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 10) == b"new"
