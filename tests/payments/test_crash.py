"""A worker killed with SIGKILL mid-payment and Redis restarted empty: the sweep still settles everything."""
import os
import signal
import subprocess

import pytest
from sqlalchemy import select

from app.extensions import db
from app.funding.models import Project
from app.payments.models import Payment
from tests.payments.conftest import forget_redis_clients, free_port, pay, payment_for, point_redis, wait_until, workers


def _start_redis(port):
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    wait_until(lambda: _pings(redis.Redis(port=port)), timeout=10, message="private redis")
    return process


def _pings(connection):
    try:
        return connection.ping()
    except Exception:
        return False


@pytest.fixture
def private_redis(payments_app):
    """A Redis of this test's own, so restarting it never disturbs anyone else's."""
    port = free_port()
    state = {"process": _start_redis(port)}

    def restart():
        state["process"].kill()
        state["process"].wait()
        state["process"] = _start_redis(port)

    point_redis(payments_app, f"redis://127.0.0.1:{port}/0")
    yield restart
    forget_redis_clients(payments_app)
    state["process"].kill()
    state["process"].wait()


def test_sweep_settles_payments_whose_worker_was_killed_and_jobs_lost(client, project, payments_app, simulator,
                                                                      private_redis, runner):
    phones = ["90 77 77 04", "+229 01 97 77 77 04", "90 77 78 01", "99 77 78 01"]  # 04: the provider is slow
    payments = [payment_for(pay(client, project.short_code, 1000 * (n + 1), phone=p)) for n, p in enumerate(phones)]
    with workers(payments_app, count=1, start_new_session=True) as (worker,):
        # The first start request reaches the (slow) provider: the worker is in the middle of the job.
        wait_until(lambda: simulator.transaction(payments[0].reference), timeout=30, message="the first prompt")
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse, without a chance to clean up
        worker.wait()
    private_redis()  # Redis comes back empty: every queued job is gone
    db.session.expire_all()
    assert [p.status for p in db.session.scalars(select(Payment).order_by(Payment.id))] == ["created"] * 4

    def settled():
        assert runner.invoke(args=["payments", "reconcile", "--all"]).exit_code == 0
        db.session.expire_all()
        return all(p.is_final for p in db.session.scalars(select(Payment)))

    wait_until(settled, timeout=40, interval=0.5, message="the sweep to settle every payment")
    statuses = {p.reference: p.status for p in db.session.scalars(select(Payment))}
    assert set(statuses.values()) == {"succeeded"}
    references = [t["reference"] for t in simulator.transactions()]
    assert all(references.count(p.reference) == 1 for p in payments)  # each prompt was sent once
    assert db.session.get(Project, project.id).raised_fcfa == 1000 + 2000 + 3000 + 4000
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0
