"""The migration books the money that moved before the books existed, so they balance at once."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app.extensions import db
from app.funding import books, ledger


def test_migration_opens_the_books_with_the_money_already_moved(sqlite_app):
    downgrade(revision="b8d1f3a6c2e4")
    statements = [
        "INSERT INTO projects (id, short_code, title, pitch, synopsis, technical_sheet, poster_color, goal_fcfa, "
        "raised_fcfa, contributors_count, milestone_pct, funding_model, status, review_comment, created_at) VALUES "
        "(1, 'OLD1', 'Ancien', '', '', '', '#444444', 10000, 2500, 1, 0, 'flexible', 'live', '', CURRENT_TIMESTAMP)",
    ]
    for cid, amount, status, payment in ((1, 2500, "succeeded", "succeeded"), (2, 4000, "refunded", "refunded"),
                                         (3, 1500, "refund_pending", "succeeded"), (4, 900, "failed", "failed")):
        statements.append(
            f"INSERT INTO contributions (id, project_id, amount_fcfa, message, is_anonymous, wants_news, status, "
            f"created_at) VALUES ({cid}, 1, {amount}, '', 0, 0, '{status}', CURRENT_TIMESTAMP)")
        statements.append(
            f"INSERT INTO payments (contribution_id, provider, method, phone, amount_fcfa, currency, status, reference, "
            f"idempotency_key, short_code, check_count, created_at, updated_at) VALUES ({cid}, 'paygate', 'tmoney', "
            f"'+22890123456', {amount}, 'XOF', '{payment}', 'ref-{cid}', 'key-{cid}', 'code-{cid}', 0, "
            f"CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
    for statement in statements:
        db.session.execute(text(statement))
    db.session.commit()
    upgrade()

    assert ledger.ledger_problems() == []
    assert books.balance("escrow", project_id=1) == 2500
    assert books.balance("refunds_due") == 1500
    assert books.clearing_balances() == {"paygate": 2500 + 1500}
