"""A funded project's whole life through the simulator and a real RQ worker, the books checked at
every step; an unfunded one refunded with the books balanced."""
from sqlalchemy import func, select

from app.extensions import db
from app.funding import books
from app.funding.models import LedgerTransaction, Project
from app.sms.models import SmsMessage
from tests.factories import make_user
from tests.payouts.conftest import (
    approve, post_form, browser_for, contribute, end, ledger_balanced, name_treasurers, new_project, payout_of,
    register_wallet, simulator_payouts, simulator_transfers,
)
from tests.simulator import wait_until


def test_funded_project_pays_its_filmmaker_once_after_two_treasurers_approve(client, payments_app, simulator, team,
                                                                            drain, runner):
    owner = browser_for(payments_app, team["owner"])
    project = new_project(team, "PAY1", goal=10_000)
    assert register_wallet(owner, "99 12 34 01", "flooz", "Afi Mensah").status_code == 303
    assert name_treasurers(owner, project, team["first"].phone, team["second"].phone).status_code == 303
    ledger_balanced(runner)

    contribute(client, drain, "PAY1", 6000, "90 51 51 01")  # T-Money, through PayGate
    ledger_balanced(runner)
    contribute(client, drain, "PAY1", 5345, "+229 01 97 51 51 01")  # MTN MoMo
    output = ledger_balanced(runner)
    assert "paygate: clearing 6000 FCFA matches the provider" in output
    assert "mtn_momo: clearing 5345 FCFA matches the provider" in output

    [(closed, refunds)] = end(project)
    assert (closed.status, refunds) == ("funded", [])
    payout = payout_of(project)
    # 5 % of 11 345 is 567.25: the fee is rounded down to whole FCFA.
    assert (payout.status, payout.raised_fcfa, payout.fee_fcfa, payout.amount_fcfa) == (
        "awaiting_approval", 11_345, 567, 10_778)
    assert (payout.phone, payout.network, payout.holder_name) == ("+22899123401", "flooz", "Afi Mensah")
    asked = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == f"payout:{payout.id}:approve")).all()
    assert sorted(m.to_phone for m in asked) == sorted([team["first"].phone, team["second"].phone])
    assert asked[0].body.startswith("Karangou : le versement de 10 778 FCFA pour ")
    assert db.session.get(Project, project.id).raised_fcfa == 11_345  # what it raised stays shown
    assert books.balance("escrow", project_id=project.id) == 0
    assert books.balance("payable", project_id=project.id) == 10_778
    ledger_balanced(runner)

    assert approve(browser_for(payments_app, team["first"]), project, payout).status_code == 303
    drain(lambda: False, timeout=0.5)
    assert payout_of(project).status == "awaiting_approval"  # one treasurer is not enough
    ledger_balanced(runner)
    assert approve(browser_for(payments_app, team["second"]), project, payout).status_code == 303
    assert drain(lambda: payout_of(project).status == "paid")

    payout = payout_of(project)
    sent = simulator_payouts(simulator)[payout.reference]
    assert (sent["phone"], sent["amount"], sent["count"]) == ("99123401", 10_778, 1)
    assert payout.provider_reference == sent["tx_reference"]
    assert books.balance("platform_fees") == 567
    [told] = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == f"payout:{payout.id}:paid")).all()
    assert told.to_phone == team["owner"].phone and sent["tx_reference"] in told.body
    assert books.balance("payable", project_id=project.id) == 0
    output = ledger_balanced(runner)
    assert "paygate: clearing -4778 FCFA matches the provider" in output  # 6000 in, 10 778 out

    db.session.get(type(team["owner"]), team["owner"].id).locale = "en"
    db.session.commit()
    statement = owner.get(f"/studio/versements/projets/{project.id}").text
    for shown in ("11,345 FCFA", "567 FCFA", "10,778 FCFA", "Paid", sent["tx_reference"], "Afi Mensah"):
        assert shown in statement


def test_unfunded_all_or_nothing_project_is_refunded_and_the_books_balance(client, payments_app, simulator, team,
                                                                           drain, run_jobs, runner):
    project = new_project(team, "PAY2", goal=1_000_000)
    first = contribute(client, drain, "PAY2", 2000, "90 51 52 01")
    contribute(client, drain, "PAY2", 3000, "+229 01 97 51 52 01")
    ledger_balanced(runner)

    [(closed, refunds)] = end(project)
    assert closed.status == "not_funded" and len(refunds) == 2
    assert payout_of(project) is None
    assert books.balance("refunds_due") == 5000
    run_jobs()
    db.session.expire_all()
    assert books.balance("refunds_due") == 0 and books.balance("escrow", project_id=project.id) == 0
    kinds = db.session.execute(select(LedgerTransaction.kind, func.count()).group_by(LedgerTransaction.kind)).all()
    assert dict(kinds) == {"credit": 2, "hold": 2, "refund": 2}
    output = ledger_balanced(runner)
    assert "paygate: clearing 0 FCFA matches the provider" in output
    assert "mtn_momo: clearing 0 FCFA matches the provider" in output
    assert simulator_payouts(simulator)[f"refund-{first.reference}"]["count"] == 1


def test_mtn_wallet_holder_comes_from_mtn_and_a_large_payout_waits_for_an_admin(client, payments_app, simulator,
                                                                                 team, drain, runner):
    payments_app.config["PAYOUT_ADMIN_THRESHOLD_FCFA"] = 4000
    owner = browser_for(payments_app, team["owner"])
    project = new_project(team, "PAY3", goal=100_000, funding_model="flexible")
    # "…04": the transfer stays pending a few seconds, then succeeds; the job asks again meanwhile.
    assert register_wallet(owner, "+229 01 97 12 34 04", "mtn", "ignored").status_code == 303
    name_treasurers(owner, project, team["first"].phone, team["second"].phone)
    contribute(client, drain, "PAY3", 5000, "90 51 53 01")
    end(project)  # flexible: what it raised is paid out although the goal was missed
    payout = payout_of(project)
    assert (payout.network, payout.holder_name, payout.amount_fcfa, payout.needs_admin) == (
        "mtn", "Akossiwa Mensah", 4750, True)

    approve(browser_for(payments_app, team["first"]), project, payout)
    approve(browser_for(payments_app, team["second"]), project, payout)
    assert payout_of(project).status == "awaiting_approval"
    admin = make_user(role="admin")
    db.session.commit()
    admin_browser = browser_for(payments_app, admin)
    assert post_form(admin_browser, "/admin/versements", f"/admin/versements/{payout.id}/approuver").status_code == 303
    # The job asks while MTN still says PENDING, until its delays run out; the sweep asks again later.
    assert drain(lambda: payout_of(project).check_count >= 3)
    assert payout_of(project).status == "sending"
    wait_until(lambda: simulator_transfers(simulator)[payout.reference]["status"] == "SUCCESSFUL", timeout=10)
    assert runner.invoke(args=["payments", "reconcile"]).exit_code == 0
    payout = payout_of(project)
    assert payout.status == "paid" and payout.provider_reference.startswith("TR")
    [transfer] = [t for ref, t in simulator_transfers(simulator).items() if ref == payout.reference]
    assert (transfer["amount"], transfer["payee"], transfer["count"], transfer["status"]) == (
        4750, "2290197123404", 1, "SUCCESSFUL")
    output = ledger_balanced(runner)
    assert "mtn_momo: clearing -4750 FCFA matches the provider" in output
