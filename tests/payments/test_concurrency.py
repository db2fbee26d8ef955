"""200 contributions at once to one project, random payer answers, callbacks duplicated: the books balance."""
import random
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from app.extensions import db
from app.funding.models import Contribution, Project
from app.payments.models import Payment, PaymentEvent
from tests.payments.conftest import form_fields, wait_until, workers

BEHAVIOURS = ["01", "02", "05", "06"]  # approve, decline, callback twice, callback lost


def _phone(i, behaviour, rng):
    if rng.random() < 0.5:
        return f"9{rng.choice('0123')}{i:04d}{behaviour}"  # T-Money through PayGate
    return f"+2290197{i:04d}{behaviour}"  # MTN MoMo in Benin


def test_200_concurrent_contributions_balance_and_none_is_applied_twice(project, payments_app, simulator,
                                                                        live_server, runner):
    payments_app.config["PAYMENT_LIMIT_PER_IP"] = 1000
    rng = random.Random(20261123)
    code = project.short_code
    orders = [(_phone(i, rng.choice(BEHAVIOURS), rng), rng.randrange(100, 50_001)) for i in range(200)]

    local = threading.local()

    def contribute(order):
        """One payer: the pay form as a browser sends it (its CSRF token once per browser)."""
        phone, amount = order
        if not hasattr(local, "browser"):
            local.browser = httpx.Client(base_url=live_server.url, timeout=30)
            local.csrf = form_fields(local.browser, code)["csrf_token"]
        data = {"csrf_token": local.csrf, "key": secrets.token_urlsafe(24), "amount": str(amount), "phone": phone,
                "operator": "auto"}
        return local.browser.post(f"/projets/{code}/contribuer", data=data).status_code

    with workers(payments_app, count=3, forking=False):
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert set(pool.map(contribute, orders)) == {303}

        def settled_and_resent():
            return db.session.scalar(select(func.count()).select_from(Payment)
                                     .where(Payment.status.in_(("created", "awaiting_payer")))) == 0

        # Extra copies of callbacks for a third of the approved payments, sent while the workers run.
        ours = set(db.session.scalars(select(Payment.reference)))
        paid = [t for t in wait_until(lambda: _settled_at_provider(simulator, ours), timeout=60)
                if t["status"] == "paid"]
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda t: simulator.resend(t["provider"], t["key"], times=3), paid[::3]))
        wait_until(lambda: (db.session.expire_all(), settled_and_resent())[1], timeout=60, interval=0.3,
                   message="every payment to be final")

    _assert_books_balance(project, simulator, ours, runner)


def _assert_books_balance(project, simulator, ours, runner):
    """Exactly the payments the provider calls paid are credited, once each, and the totals match."""
    db.session.expire_all()
    at_provider = {t["reference"]: t for t in simulator.transactions() if t["reference"] in ours}
    payments = db.session.scalars(select(Payment)).all()
    assert len(payments) == 200
    succeeded = [p for p in payments if p.status == "succeeded"]
    assert {p.reference for p in succeeded} == {r for r, t in at_provider.items() if t["status"] == "paid"}
    assert all(p.status == "failed" for p in payments if at_provider[p.reference]["status"] == "failed")
    project_now = db.session.get(Project, project.id)
    assert project_now.raised_fcfa == sum(p.amount_fcfa for p in succeeded)
    assert project_now.contributors_count == len(succeeded)
    assert db.session.scalar(select(func.count()).select_from(Contribution)
                             .where(Contribution.status == "succeeded")) == len(succeeded)
    applied = db.session.execute(select(PaymentEvent.payment_id, func.count()).where(
        PaymentEvent.kind == "transition", PaymentEvent.status_to == "succeeded").group_by(PaymentEvent.payment_id)).all()
    assert len(applied) == len(succeeded) and all(n == 1 for _, n in applied)
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def _settled_at_provider(simulator, references):
    transactions = [t for t in simulator.transactions() if t["reference"] in references]
    if len(transactions) == 200 and all(t["status"] != "pending" for t in transactions):
        return transactions
    return None
