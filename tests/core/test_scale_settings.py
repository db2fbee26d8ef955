"""What several nodes need: one secret, Redis uses kept apart, pgbouncer's transaction mode."""
import pytest
from sqlalchemy import text

from app import create_app, jobs
from app.catalog import freshness
from app.config_checks import ConfigError
from app.extensions import db
from tests.conftest import REDIS_URL
from tests.factories import make_film

UNREACHABLE = "redis://127.0.0.1:9/0"


@pytest.mark.parametrize("secret", [None, ""])
def test_a_node_without_a_secret_key_refuses_to_start(production_config, tmp_path, secret):
    create_app(production_config)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app({**production_config, "SECRET_KEY": secret})
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_queue_cache_and_limits_default_to_redis_url_and_can_each_be_set(production_config):
    app = create_app(production_config)
    assert app.config["REDIS_QUEUE_URL"] == app.config["CACHE_REDIS_URL"] == REDIS_URL
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    apart = create_app({**production_config, "REDIS_URL": None, "REDIS_QUEUE_URL": REDIS_URL,
                        "CACHE_REDIS_URL": UNREACHABLE})
    assert apart.config["RATELIMIT_STORAGE_URI"] == REDIS_URL  # the limits follow the queue
    with pytest.raises(ConfigError, match="REDIS_URL is not set"):
        create_app({**production_config, "REDIS_URL": None})


def test_an_unreachable_cache_leaves_pages_and_the_queue_working(app, monkeypatch):
    make_film(title="Le Retour")
    db.session.commit()
    monkeypatch.setitem(app.config, "CACHE_REDIS_URL", UNREACHABLE)
    monkeypatch.delitem(app.extensions, "redis:CACHE_REDIS_URL", raising=False)
    try:
        assert "Le Retour" in app.test_client().get("/films").get_data(as_text=True)
        assert jobs.redis_connection(app).ping()
        assert freshness.redis().connection_pool.connection_kwargs["port"] == 9
    finally:
        app.extensions.pop("redis:CACHE_REDIS_URL", None)


@pytest.mark.parametrize("pgbouncer, threshold", [(False, 5), (True, None)])
def test_behind_pgbouncer_psycopg_prepares_no_statement(production_config, pgbouncer, threshold):
    app = create_app({**production_config, "DATABASE_PGBOUNCER": pgbouncer})
    with app.app_context():
        with db.engine.connect() as connection:
            for _ in range(8):  # psycopg prepares a query from its 5th run, unless told never to
                connection.execute(text("SELECT 1"))
            assert connection.connection.driver_connection.prepare_threshold == threshold
            prepared = connection.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()
            assert (prepared > 0) == (not pgbouncer)
        db.engine.dispose()
