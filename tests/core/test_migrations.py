"""Migrations build the whole schema from empty on both databases, and match the models."""
import uuid

import psycopg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.catalog.search import MIGRATION_ONLY_COLUMNS, MIGRATION_ONLY_INDEXES
from app.extensions import db
from tests.conftest import PG_ADMIN, _pg_url, make_test_app


def _differences():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda obj, name, type_, reflected, other: not (
                type_ == "index" and name in MIGRATION_ONLY_INDEXES or type_ == "column" and name in MIGRATION_ONLY_COLUMNS),
        })
        return compare_metadata(context, db.metadata)


def test_postgresql_upgrades_from_empty_to_head_and_matches_models(tmp_path):
    name = f"karangou_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        app = make_test_app(_pg_url(name), str(tmp_path))
        with app.app_context():
            upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {"films", "projects", "contributions", "payments", "payment_events", "viewings", "users"} <= tables
            indexes = {ix["name"] for ix in inspect(db.engine).get_indexes("films")}
            assert "ix_films_search" in indexes
            assert _differences() == []
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            db.engine.dispose()
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_sqlite_upgrades_from_empty_to_head_and_matches_models(sqlite_app):
    assert db.engine.dialect.name == "sqlite"
    assert "films" in inspect(db.engine).get_table_names()
    assert _differences() == []
    downgrade(revision="base")
    upgrade()
    assert "payments" in inspect(db.engine).get_table_names()


def test_db_check_command_reports_no_pending_changes(app, runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
