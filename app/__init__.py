"""Karangou: free African films and crowdfunding for the next ones, built for 2G."""
import logging
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import assets, config_checks, contests, errors, http, i18n, inputs, jobs, ops, pages, payments, payouts, storage
from app.accounts.cli import accounts_cli
from app.catalog import page_cache
from app.config import Config, new_secret_key
from app.config_checks import ConfigError
from app.demo.cli import demo_cli
from app.extensions import babel, compress, csrf, db, htmx, limiter, login_manager, migrate
from app.funding.cli import funding_cli
from app.ops.cli import ops_cli
from app.payments.cli import payments_cli
from app.studio.cli import studio_cli
from app.watch.cli import watch_cli

CLI_GROUPS = (accounts_cli, demo_cli, funding_cli, jobs.jobs_cli, ops_cli, payments_cli, studio_cli, watch_cli)


def create_app(config=None):
    """Builds the app; `config` (a dict) overrides the environment, as tests do.

    Outside the demo (KARANGOU_DEMO), raises ConfigError naming every setting that is missing
    or unsafe, before anything is served."""
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
    config_checks.fill_defaults(app.config)
    if app.config["DEMO"]:
        _fill_demo_defaults(app)
    problems = config_checks.check(app.config)
    if problems:
        raise ConfigError("Karangou will not start: " + "; ".join(problems)
                          + " (README, Production set-up; KARANGOU_DEMO=1 runs the demo).")
    _use_psycopg(app)

    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))

    db.init_app(app)
    storage.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    limiter.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    inputs.init_app(app)  # after htmx's request class, before any blueprint adds its routes
    babel.init_app(app, locale_selector=i18n.select_locale)
    ops.init_app(app)  # Sentry, and the metrics' and bytes' hooks: first, so their after_request runs last
    # http must register before compress: after_request hooks run last-registered first,
    # so ETags and 304s are computed on the compressed body.
    http.init_app(app)
    compress.init_app(app)
    assets.init_app(app, os.path.join(root, "static"))
    errors.init_app(app)
    i18n.init_app(app)
    pages.init_app(app)
    page_cache.init_app(app)  # after csrf: its csrf_token() replaces Flask-WTF's in templates
    for group in CLI_GROUPS:
        app.cli.add_command(group)
    payments.init_app(app)
    payouts.init_app(app)
    contests.init_app(app)

    from app import models  # noqa: F401  (every table known before the first query)
    from app.accounts.views import bp as accounts_bp
    from app.admin import views as admin_views  # noqa: F401  (payment pages on the admin blueprint)
    from app.catalog.views import bp as catalog_bp
    from app.admin import review_views  # noqa: F401  (more back-office pages on the admin blueprint)
    from app.admin.blueprint import bp as admin_bp
    from app.admin import report_views  # noqa: F401  (the daily report on the admin blueprint)
    from app.admin import takedown_views  # noqa: F401  (take-downs on the admin blueprint)
    from app.admin import creator_views  # noqa: F401  (creator checks on the admin blueprint)
    from app.studio import document_views  # noqa: F401  (the project's dossier on the studio blueprint)
    from app.ops import views as ops_views  # noqa: F401  (probes and metrics on the ops blueprint)
    from app.ops import bp as ops_bp
    from app.demo.outboxes import bp as demo_bp
    from app.funding.views import bp as funding_bp
    from app.media.views import bp as media_bp
    from app.payments.views import bp as payments_bp
    from app.sms.views import bp as sms_bp
    from app.studio.views import bp as studio_bp
    from app.studio import film_views, reward_views, subtitle_views  # noqa: F401  (film details, credits, rewards, subtitles on the studio blueprint)
    from app.accounts import profile_views  # noqa: F401  (profiles and contributions on the accounts blueprint)
    from app.payouts.views import bp as payouts_bp
    from app.admin import payout_views  # noqa: F401  (payouts on the admin blueprint)
    from app.admin import contest_views  # noqa: F401  (contests on the admin blueprint)
    from app.contests import views as contest_pages  # noqa: F401  (the contests' pages on their blueprint)
    from app.contests import bp as contests_bp
    from app.watch.views import bp as watch_bp
    from app.pwa.views import bp as pwa_bp
    from app.teams import studio_views as team_studio_views  # noqa: F401  (team pages of the studio)
    from app.teams.views import bp as teams_bp
    from app.admin import talk_views as admin_talk_views  # noqa: F401  (reported messages on the admin blueprint)
    from app.talk import views as talk_views  # noqa: F401  (conversations on the talk blueprint)
    from app.talk import bp as talk_bp

    blueprints = [
        ops_bp,
        catalog_bp,
        funding_bp,
        accounts_bp,
        media_bp,
        payments_bp,
        admin_bp,
        sms_bp,
        studio_bp,
        payouts_bp,
        contests_bp,
        watch_bp,
        pwa_bp,
        teams_bp,
        talk_bp,
    ]
    if app.config["DEMO"]:
        blueprints.append(demo_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app


def _fill_demo_defaults(app):
    """The demo: everything under the instance folder, nothing to configure."""
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "karangou.db")
    if not app.config.get("MEDIA_ROOT"):
        app.config["MEDIA_ROOT"] = os.path.join(app.instance_path, "media")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    if not app.config.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"


def _use_psycopg(app):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith(("postgres://", "postgresql://")):  # psycopg 3 is the only driver we ship
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.split("://", 1)[1]
    if app.config["DATABASE_PGBOUNCER"]:  # transaction pooling: no server-side prepared statements
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {**options.get("connect_args", {}), "prepare_threshold": None}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    os.makedirs(app.config["MEDIA_ROOT"], exist_ok=True)


def _instance_secret(instance_path):
    """A key kept in the instance folder, so demo sessions survive a restart of the server."""
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(new_secret_key())
    with open(path) as f:
        return f.read().strip()
