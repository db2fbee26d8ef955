"""Karangou: free African films and crowdfunding for the next ones, built for 2G."""
import logging
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import assets, errors, http, i18n, jobs, pages, payments
from app.config import Config, new_secret_key
from app.extensions import babel, compress, csrf, db, htmx, limiter, login_manager, migrate


def create_app(config=None):
    """Builds the app; `config` (a dict) overrides the environment, as tests do."""
    config = dict(config or {})
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=config.pop("INSTANCE_PATH", None)
        or os.environ.get("INSTANCE_PATH", os.path.join(root, "instance")),
        static_folder=None,
        template_folder=os.path.join(root, "templates"),
    )
    app.config.from_object(Config)
    app.config.update(config)
    _fill_local_defaults(app, root)

    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    limiter.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    # http must register before compress: after_request hooks run last-registered first,
    # so ETags and 304s are computed on the compressed body.
    http.init_app(app)
    compress.init_app(app)
    assets.init_app(app, os.path.join(root, "static"))
    errors.init_app(app)
    i18n.init_app(app)
    pages.init_app(app)
    app.cli.add_command(jobs.jobs_cli)
    payments.init_app(app)

    from app import models  # noqa: F401  (every table known before the first query)
    from app.accounts.views import bp as accounts_bp
    from app.admin.views import bp as admin_bp
    from app.catalog.views import bp as catalog_bp
    from app.demo import bp as demo_bp
    from app.funding.views import bp as funding_bp
    from app.mail.views import bp as mail_bp
    from app.media.views import bp as media_bp
    from app.payments.views import bp as payments_bp
    from app.sms.views import bp as sms_bp
    from app.studio.views import bp as studio_bp
    from app.watch.views import bp as watch_bp
    from app.pwa.views import bp as pwa_bp

    blueprints = [
        catalog_bp,
        funding_bp,
        accounts_bp,
        media_bp,
        payments_bp,
        admin_bp,
        sms_bp,
        mail_bp,
        studio_bp,
        watch_bp,
        pwa_bp,
        demo_bp,
    ]
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app


def _fill_local_defaults(app, root):
    """The embedded default: everything under the instance folder, nothing to configure."""
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "karangou.db")
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith(("postgres://", "postgresql://")):  # psycopg 3 is the only driver we ship
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.split("://", 1)[1]
    if not app.config.get("MEDIA_ROOT"):
        app.config["MEDIA_ROOT"] = os.path.join(app.instance_path, "media")
    os.makedirs(app.config["MEDIA_ROOT"], exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    if not app.config.get("RATELIMIT_STORAGE_URI"):  # one worker's memory would not hold across workers
        app.config["RATELIMIT_STORAGE_URI"] = "memory://" if app.config.get("DEMO") else app.config["REDIS_URL"]


def _instance_secret(instance_path):
    """A key kept in the instance folder, so sessions survive a restart of the dev server."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(new_secret_key())
    with open(path) as f:
        return f.read().strip()
