"""Apps configured for operations tests: the production way (no demo switch), or with a dead Redis."""
import os

import pytest

from app.extensions import db
from tests.conftest import make_test_app

PRODUCTION = {"DEMO": False, "JOBS_INLINE": False, "PAYMENTS_SIMULATOR": False, "SMS_PROVIDER": "africastalking",
              "AT_USERNAME": "karangou", "AT_API_KEY": "test-key", "AT_BASE_URL": "http://127.0.0.1:9",
              "MAIL_PROVIDER": "off", "PAYGATE_AUTH_TOKEN": "test-token", "PAYGATE_BASE_URL": "http://127.0.0.1:9",
              "PUBLIC_BASE_URL": "http://127.0.0.1:9"}
DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


@pytest.fixture
def other_app(app, pg_database, tmp_path):
    """`other_app(**settings)`: another app on the session's (migrated) database."""
    made = []

    def build(**settings):
        built = make_test_app(pg_database, str(tmp_path / f"app{len(made)}"), **settings)
        made.append(built)
        return built

    yield build
    for built in made:
        with built.app_context():
            db.engine.dispose()


def media_root(app):
    return os.path.realpath(app.config["MEDIA_ROOT"])
