"""Operator detection from the number, and the ledger on the embedded SQLite default."""
import pytest
from sqlalchemy import text

from app.extensions import db
from app.funding import ledger
from app.funding.models import Contribution, Project
from app.payments import operators, outcomes
from app.payments.models import Payment


@pytest.mark.parametrize("typed, phone, method", [
    ("90 12 34 56", "+22890123456", "tmoney"),
    ("+228 70.12.34.56", "+22870123456", "tmoney"),
    ("0022893123456", "+22893123456", "tmoney"),
    ("99123456", "+22899123456", "flooz"),
    ("78 12 34 56", "+22878123456", "flooz"),
    ("+229 01 97 12 34 56", "+2290197123456", "momo"),
    ("+225 07 07 00 00 01", "+2250707000001", "momo"),
])
def test_operator_is_recognised_from_the_number(typed, phone, method):
    wallet = operators.detect(typed)
    assert (wallet.phone, wallet.method) == (phone, method)


def test_payer_can_override_the_guess_for_a_ported_number():
    assert operators.detect("97 12 34 56").method == "flooz"
    assert operators.detect("97 12 34 56", override="tmoney").method == "tmoney"


@pytest.mark.parametrize("typed", ["22 21 34 56", "12 34", "", "90 12 34 5", "+33 1 23 45 67 89"])
def test_landlines_and_nonsense_are_refused(typed):
    with pytest.raises(operators.InvalidPhone):
        operators.detect(typed)


def test_masked_number_keeps_only_country_and_last_two_digits():
    assert operators.mask("+22890123456") == "+228…56"


@pytest.mark.sqlite
def test_outcome_applied_twice_on_sqlite_credits_once(sqlite_app):
    project = Project(short_code="SQL1", title="Projet", goal_fcfa=10_000, status="live")
    db.session.add(project)
    db.session.flush()
    contribution = Contribution(project_id=project.id, amount_fcfa=2500)
    db.session.add(contribution)
    db.session.flush()
    payment = Payment(contribution_id=contribution.id, provider="paygate", method="tmoney", phone="+22890123456",
                      amount_fcfa=2500, status="awaiting_payer", reference="r-1", idempotency_key="k" * 20,
                      short_code="abc")
    db.session.add(payment)
    db.session.commit()
    assert outcomes.apply_outcome(payment.id, "succeeded", "callback") is True
    db.session.commit()
    assert outcomes.apply_outcome(payment.id, "succeeded", "poll") is False
    db.session.commit()
    assert db.session.execute(text("SELECT raised_fcfa, contributors_count FROM projects")).one() == (2500, 1)
    assert ledger.ledger_problems() == []
    db.session.execute(text("UPDATE projects SET raised_fcfa = 5000"))
    assert ledger.ledger_problems() == ["project 1: raised 5000 FCFA / 1 contributors, "
                                        "succeeded contributions 2500 FCFA / 1",
                                        "project 1: raised 5000 FCFA cached, escrow credits 2500 FCFA"]


def test_check_ledger_fails_when_a_total_is_wrong(project, runner):
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0
    db.session.execute(text("UPDATE projects SET raised_fcfa = 100"))
    db.session.commit()
    result = runner.invoke(args=["payments", "check-ledger"])
    assert result.exit_code == 1 and "raised 100 FCFA" in result.output


def test_last_reward_goes_to_one_contribution_only(app):
    from tests.factories import make_project

    project = make_project(rewards=[("Affiche signée", 5000, 1)])
    reward = project.rewards[0]
    first, second = (Contribution(project_id=project.id, amount_fcfa=5000, reward_id=reward.id) for _ in range(2))
    db.session.add_all([first, second])
    db.session.commit()
    assert ledger.credit(first.id) and ledger.credit(second.id)
    assert not ledger.credit(first.id)  # already credited: nothing happens
    db.session.commit()
    db.session.expire_all()
    assert (reward.claimed_count, first.reward_id, second.reward_id) == (1, reward.id, None)
    assert (project.raised_fcfa, project.contributors_count) == (10_000, 2)
    assert ledger.ledger_problems() == []
