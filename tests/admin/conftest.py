"""Fixtures of the back-office tests: an administrator and a filmmaker, and those shared with
others: the provider simulator over real HTTP (tests/payments) and a real SMTP server on
loopback (tests/funding)."""
import pytest

from app.extensions import db
from tests.factories import make_user
from tests.funding.test_news_email import smtp_inbox  # noqa: F401
from tests.payments.conftest import drain, payments_app  # noqa: F401


@pytest.fixture
def admin(app):
    user = make_user("admin", display_name="Awa (admin)")
    db.session.commit()
    return user
