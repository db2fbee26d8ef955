"""Language choice: French first, English on request, remembered for a year."""
from urllib.parse import urlsplit

from datetime import timedelta

from flask import current_app, has_request_context, redirect, request
from flask_babel import format_timedelta, get_locale
from flask_login import current_user

from app.extensions import db

COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def time_until(seconds):
    """'dans 34 minutes' / 'in 34 minutes': when a refused visitor may try again."""
    return format_timedelta(timedelta(seconds=max(seconds, 60)), granularity="minute", threshold=1.1,
                            add_direction=True)


def select_locale():
    """The reader's language; jobs and CLI commands (no request) write in French."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(COOKIE)
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def safe_next(target, default="/"):
    """Only paths on this site: a language link must never become an open redirect."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def switch_language(code):
    if code not in current_app.config["LANGUAGES"]:
        code = current_app.config["BABEL_DEFAULT_LOCALE"]
    response = redirect(safe_next(request.args.get("next")), 303)
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.commit()
    return response


def init_app(app):
    app.add_url_rule("/langue/<code>", "switch_language", switch_language)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
