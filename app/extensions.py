"""Every Flask extension, created once here and bound to the app in create_app."""
import sqlite3
from datetime import datetime

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, registry

# Named constraints keep migrations identical on SQLite (batch mode) and PostgreSQL.
naming = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Model(DeclarativeBase):
    """Every timestamp is stored with its time zone (UTC), whatever the server's setting."""

    registry = registry(
        metadata=MetaData(naming_convention=naming),
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


db = SQLAlchemy(model_class=Model)
SQLITE_BUSY_TIMEOUT_MS = 30_000


@event.listens_for(Engine, "connect")
def _sqlite_for_many_writers(connection, _record):
    """The embedded default: readers never wait for a writer (WAL), and a writer waits its turn
    for up to 30 s instead of failing with "database is locked" after 5."""
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a power cut loses the last commit at most
        cursor.close()
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
compress = Compress()
babel = Babel()
csrf = CSRFProtect()
htmx = Htmx()
# Limits are declared on the views that need them (sign-in, codes, sign-up); storage and
# key prefix come from the config (RATELIMIT_STORAGE_URI, RATELIMIT_KEY_PREFIX).
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)
