"""A refused payout and an unclear one: the money stays owed to the filmmaker, never sent twice."""
from app.funding import books
from app.payouts import sending
from tests.payouts.conftest import (
    approve, browser_for, contribute, end, ledger_balanced, name_treasurers, new_project, payout_of,
    register_wallet, simulator_payouts,
)


def _approved(client, payments_app, team, drain, code, wallet_phone):
    owner = browser_for(payments_app, team["owner"])
    project = new_project(team, code, goal=5000)
    register_wallet(owner, wallet_phone, "flooz", "Ama Lawson")
    name_treasurers(owner, project, team["first"].phone, team["second"].phone)
    contribute(client, drain, code, 6000, "90 51 55 01")
    end(project)
    payout = payout_of(project)
    approve(browser_for(payments_app, team["first"]), project, payout)
    approve(browser_for(payments_app, team["second"]), project, payout)
    return project, payout


def test_refused_payout_is_failed_and_the_money_stays_owed(client, payments_app, simulator, team, drain, runner):
    project, payout = _approved(client, payments_app, team, drain, "FAIL1", "99 12 34 02")  # "…02": refused
    assert drain(lambda: payout_of(project).status == "failed")
    assert books.balance("payable", project_id=project.id) == 5700
    assert simulator_payouts(simulator)[payout.reference]["count"] == 1
    sending.send_payout(payout.id)
    assert simulator_payouts(simulator)[payout.reference]["count"] == 1
    ledger_balanced(runner)


def test_unclear_answer_keeps_asking_and_never_sends_again(client, payments_app, simulator, team, drain, runner):
    project, payout = _approved(client, payments_app, team, drain, "FAIL2", "99 12 34 08")  # "…08": server error
    assert drain(lambda: payout_of(project).check_count >= 3)
    payout = payout_of(project)
    assert payout.status == "sending" and payout.failure_reason.startswith("unclear answer")
    assert payout.reference not in simulator_payouts(simulator)  # the provider never took it
    sending.send_payout(payout.id)  # a copy of the job: it finds `sending` and sends nothing
    assert runner.invoke(args=["payments", "reconcile"]).exit_code == 0
    assert payout_of(project).status == "sending"
    assert payout.reference not in simulator_payouts(simulator)
    assert books.balance("payable", project_id=project.id) == 5700
    ledger_balanced(runner)
