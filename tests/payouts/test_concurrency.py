"""Approvals and payout jobs racing each other never pay a filmmaker twice."""
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app import jobs
from app.accounts.models import User
from app.extensions import db
from app.funding.models import LedgerTransaction
from app.payouts import approvals, sending
from app.payouts.errors import PayoutError
from tests.factories import make_user
from tests.payments.conftest import workers
from tests.payouts.conftest import (
    browser_for, contribute, end, ledger_balanced, name_treasurers, new_project, payout_of, register_wallet,
    simulator_payouts,
)
from tests.simulator import wait_until


def _send_jobs(app):
    return [job for job in jobs.queue(app).get_jobs() if job.args[:1] == ("app.payouts.sending.send_payout",)]


def test_two_last_approvals_and_two_payout_jobs_at_once_pay_once(client, payments_app, simulator, team, drain,
                                                                 runner):
    third = make_user(display_name="Trésorier Trois")
    db.session.commit()
    owner = browser_for(payments_app, team["owner"])
    project = new_project(team, "RACE1", goal=5000)
    register_wallet(owner, "90 77 77 01", "tmoney", "Kossi Agbeko")
    name_treasurers(owner, project, team["first"].phone, team["second"].phone, third.phone)
    contribute(client, drain, "RACE1", 8000, "99 51 54 01")
    end(project)
    payout = payout_of(project)
    jobs.queue(payments_app).empty()
    assert approvals.approve(payout.id, team["first"]) is False  # one of the two needed
    db.session.commit()

    barrier = threading.Barrier(2)

    def approve_at_once(user_id):
        """The second and the third treasurer press the button at the same moment."""
        with payments_app.app_context():
            try:
                barrier.wait()
                approved = approvals.approve(payout.id, db.session.get(User, user_id))
                db.session.commit()
                return approved
            except PayoutError:
                db.session.rollback()
                return "no longer waiting"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(approve_at_once, [team["second"].id, third.id]))
    assert sorted(map(str, results)) == ["True", "no longer waiting"]
    assert len(_send_jobs(payments_app)) == 1

    jobs.enqueue_now(sending.send_payout, payout.id)  # RQ may run a job twice: here both at once
    assert len(_send_jobs(payments_app)) == 2
    with workers(payments_app, count=2, burst=True) as processes:
        for process in processes:
            process.wait(60)
    wait_until(lambda: payout_of(project).status == "paid", timeout=20, message="the payout to be paid")

    sent = simulator_payouts(simulator)[payout.reference]
    assert (sent["amount"], sent["count"]) == (7600, 1)
    assert db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                             .where(LedgerTransaction.kind == "payout")) == 1
    sending.send_payout(payout.id)  # and once more, long after: nothing is asked
    assert simulator_payouts(simulator)[payout.reference]["count"] == 1
    ledger_balanced(runner)
