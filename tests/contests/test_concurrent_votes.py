"""200 paid votes at once through the simulator: counted exactly once per confirmed payment.

Votes arrive over real HTTP from 180 addresses (a server of the same app behind a ProxyFix, so
each voter has its own X-Forwarded-For address), callbacks come back from the simulator to the
live server, some duplicated, some forged; three RQ workers settle them."""
import random
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import make_server

from app.contests.models import Ballot, Candidate
from app.extensions import db
from app.funding import books
from app.payments.models import Payment, PaymentEvent
from tests.contests.conftest import csrf_of, rival
from tests.payments.conftest import wait_until, workers

BEHAVIOURS = ["01", "02", "05", "06"]  # approve, decline, callback twice, callback lost


@pytest.fixture
def proxied_server(app):
    """The app as seen through one proxy: REMOTE_ADDR is the voter's X-Forwarded-For."""
    server = make_server("127.0.0.1", 0, ProxyFix(app, x_for=1), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _orders(candidates, rng):
    """(address, [(candidate, phone, votes)…]) per voter: 140 single votes with random payer answers,
    20 never answered (and forged "paid" callbacks), 20 voters sending two ballots back to back."""
    voters = []
    for i in range(160):
        behaviour = "03" if i < 20 else rng.choice(BEHAVIOURS)
        phone = f"9{rng.choice('0123')}{i:04d}{behaviour}" if i < 20 or rng.random() < 0.5 \
            else f"+2290197{i:04d}{behaviour}"
        voters.append((f"10.1.{i // 200}.{i % 200 + 1}", [(rng.choice(candidates), phone, rng.randint(1, 3))]))
    for i in range(20):
        phone = f"9{rng.choice('0123')}{9000 + i:04d}{rng.choice(['01', '05'])}"
        voters.append((f"10.2.0.{i + 1}", [(rng.choice(candidates), phone, rng.randint(1, 3)) for _ in range(2)]))
    rng.shuffle(voters)
    return voters


def _forged(payment, n):
    """PayGate's callback shape, unsigned, claiming a payment the provider never confirmed."""
    return {"tx_reference": payment.provider_reference, "identifier": payment.reference,
            "payment_reference": f"FORGED{n}", "amount": payment.amount_fcfa, "datetime": f"2026-12-02T01:00:{n:02d}",
            "phone_number": "90000000", "payment_method": "T-Money"}


def test_200_concurrent_paid_votes_count_once_per_confirmed_payment(contest, candidate, payments_app, simulator,
                                                                    live_server, proxied_server, runner, monkeypatch):
    payments_app.config.update(PAYMENT_LIMIT_PER_IP=1000, PAYMENT_EXPIRY_SECONDS=8)
    # The simulator's callbacks and our forged ones all come from loopback: only the count is tested here.
    monkeypatch.setitem(payments_app.config, "PAYMENT_CALLBACK_LIMIT", "1000 per second")
    candidates = [candidate.id] + [rival(contest, f"Rival {n}").id for n in range(3)]
    db.session.commit()
    voters = _orders(candidates, random.Random(20261202))
    slug = contest.slug
    local = threading.local()

    def vote(voter):
        address, ballots = voter
        if not hasattr(local, "browser"):
            local.browser = httpx.Client(base_url=proxied_server, timeout=30)
        codes = []
        for candidate_id, phone, votes in ballots:
            path = f"/concours/{slug}/candidats/{candidate_id}"
            headers = {"X-Forwarded-For": address}
            page = local.browser.get(path, headers=headers).text
            data = {"csrf_token": csrf_of(page), "key": secrets.token_urlsafe(24), "votes": str(votes),
                    "phone": phone, "operator": "auto"}
            codes.append(local.browser.post(f"{path}/voter", data=data, headers=headers).status_code)
        return codes

    with workers(payments_app, count=3, forking=False):
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert {code for codes in pool.map(vote, voters) for code in codes} == {303}
        ours = set(db.session.scalars(select(Payment.reference)))
        assert len(ours) == 200

        never_answered = wait_until(lambda: _started(ours, "03"), timeout=30, message="the silent prompts to start")
        with httpx.Client(base_url=live_server.url, timeout=30) as http:
            assert {http.post("/paiements/rappel/paygate", json=_forged(p, n)).status_code
                    for n, p in enumerate(never_answered)} == {200}
        paid = [t for t in wait_until(lambda: _settled_at_provider(simulator, ours), timeout=30) if t["status"] == "paid"]
        with ThreadPoolExecutor(max_workers=8) as pool:  # duplicate callbacks for a third of the paid ones
            list(pool.map(lambda t: simulator.resend(t["provider"], t["key"], times=2), paid[::3]))
        wait_until(lambda: _all_final() and _refuted() == {p.id for p in never_answered}, timeout=40, interval=0.3,
                   message="every payment to be final and every forged claim checked")

    _assert_counted_once(simulator, ours, voters, never_answered, runner)


def _started(references, behaviour):
    db.session.expire_all()
    found = db.session.scalars(select(Payment).where(Payment.phone.like(f"%{behaviour}"))).all()
    return found if len(found) == 20 and all(p.provider_reference for p in found) else None


def _settled_at_provider(simulator, references):
    transactions = [t for t in simulator.transactions() if t["reference"] in references]
    settled = [t for t in transactions if t["status"] != "pending"]
    return transactions if len(transactions) == 200 and len(settled) == 180 else None


def _all_final():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Payment)
                             .where(Payment.status.in_(("created", "awaiting_payer")))) == 0


def _refuted():
    return set(db.session.scalars(select(PaymentEvent.payment_id).where(PaymentEvent.kind == "refuted")))


def _assert_counted_once(simulator, ours, voters, never_answered, runner):
    db.session.expire_all()
    truth = {t["reference"]: t["status"] for t in simulator.transactions() if t["reference"] in ours}
    rows = db.session.execute(select(Ballot, Payment).join(Payment, Payment.ballot_id == Ballot.id)).all()
    assert len(rows) == 200
    second_of_pairs = set()
    for address, ballots in voters:
        if len(ballots) == 2:
            pair = sorted((b for b, _ in rows if b.client_ip == address), key=lambda b: b.id)
            assert [b.hold_reason for b in pair] == [None, "rapid"]  # the second came within 5 s
            second_of_pairs.add(pair[1].id)
    assert {b.id for b, _ in rows if b.hold_reason} == second_of_pairs
    for ballot, payment in rows:
        paid = truth[payment.reference] == "paid"
        assert (payment.status == "succeeded") == paid
        expected = ("held" if ballot.hold_reason else "counted") if paid else "failed"
        assert ballot.status == expected, (ballot.id, payment.status, truth[payment.reference])
    assert {p.id for p in never_answered} <= {b.payment.id for b, _ in rows if b.status == "failed"}
    assert _refuted() == {p.id for p in never_answered}  # each forged claim checked, none believed

    for candidate in db.session.scalars(select(Candidate)):
        assert candidate.votes_count == sum(b.votes for b, _ in rows
                                            if b.candidate_id == candidate.id and b.status == "counted")
    applied = db.session.execute(select(PaymentEvent.payment_id, func.count()).where(
        PaymentEvent.kind == "transition", PaymentEvent.status_to == "succeeded").group_by(PaymentEvent.payment_id)).all()
    assert len(applied) == sum(1 for s in truth.values() if s == "paid") and all(n == 1 for _, n in applied)
    assert books.balance("contest_escrow") == sum(b.amount_fcfa for b, _ in rows if b.status in ("counted", "held"))
    assert sum(1 for b, _ in rows if b.status == "held") == 20 and sum(1 for b, _ in rows if b.status == "counted") > 50
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0
