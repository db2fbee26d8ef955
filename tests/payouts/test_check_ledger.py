"""`flask payments check-ledger` fails, and says why, when the books or the providers disagree."""
import pytest
from sqlalchemy import text

from app.extensions import db
from app.funding import books
from tests.payouts.conftest import contribute, new_project


def test_unbalanced_transaction_is_never_written(app):
    with pytest.raises(books.UnbalancedTransaction):
        books.post("credit", "credit:0", [("clearing", "paygate", None, -100), ("escrow", None, None, 90)])


def test_a_leg_changed_behind_the_books_and_an_unbooked_provider_payment_fail_the_check(client, payments_app,
                                                                                        simulator, team, drain,
                                                                                        runner):
    project = new_project(team, "CHK1", goal=100_000)
    contribute(client, drain, "CHK1", 3000, "90 51 56 01")
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0

    db.session.execute(text("UPDATE ledger_legs SET amount_fcfa = 2500 WHERE account = 'escrow'"))
    db.session.commit()
    result = runner.invoke(args=["payments", "check-ledger"])
    assert result.exit_code == 1
    assert "legs sum to -500 FCFA" in result.output
    assert f"project {project.id}: raised 3000 FCFA cached, escrow credits 2500 FCFA" in result.output
    assert f"project {project.id}: escrow 2500 FCFA, succeeded contributions 3000 FCFA" in result.output

    db.session.execute(text("UPDATE ledger_legs SET amount_fcfa = 3000 WHERE account = 'escrow'"))
    db.session.execute(text("UPDATE ledger_legs SET amount_fcfa = -2000 WHERE account = 'clearing'"))
    db.session.execute(text("UPDATE ledger_legs SET amount_fcfa = 2000 WHERE account = 'escrow'"))
    db.session.execute(text("UPDATE projects SET raised_fcfa = 2000"))
    db.session.execute(text("UPDATE contributions SET amount_fcfa = 2000"))
    db.session.commit()
    result = runner.invoke(args=["payments", "check-ledger"])
    assert result.exit_code == 1
    assert "paygate: the provider reports 3000 FCFA, our clearing account says 2000 FCFA" in result.output
