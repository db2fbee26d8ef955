"""Fixtures the back-office tests share with others: the provider simulator over real HTTP
(tests/payments) and a real SMTP server on loopback (tests/funding)."""
from tests.funding.test_news_email import smtp_inbox  # noqa: F401
from tests.payments.conftest import drain, payments_app  # noqa: F401
