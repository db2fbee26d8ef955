"""Error pages in the visitor's language; an htmx request gets a small fragment instead."""
import logging
from urllib.parse import urlsplit

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

log = logging.getLogger(__name__)


def init_app(app):
    app.register_error_handler(CSRFError, render_expired_form)
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(Exception, render_unexpected_error)
    app.jinja_env.globals.update(error_title=error_title, error_text=error_text)


def render_http_error(error):
    if error.response is not None:  # answered already, e.g. a refused form shown again with its wait
        return error.response
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
    template = "errors/_error.html" if request.headers.get("HX-Request") else "errors/page.html"
    response = error.get_response()  # keeps headers such as Allow or Retry-After
    response.set_data(render_template(template, code=code))
    response.mimetype = "text/html"
    return response


def render_unexpected_error(error):
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_http_error(InternalServerError())


def error_title(code):
    titles = {
        400: _("This request could not be understood"),
        403: _("This page is not for you"),
        404: _("Page not found"),
        405: _("This action is not allowed here"),
        410: _("This page is gone"),
        413: _("This file is too large"),
        422: _("Some fields need another look"),
        429: _("Too many tries, please wait"),
        500: _("Something went wrong on our side"),
    }
    return titles.get(code, titles[500])


def error_text(code):
    texts = {
        404: _("The film or page you are looking for does not exist, or no longer does."),
        429: _("For your safety we limit repeated attempts. Try again in a few minutes."),
        500: _("Nothing you typed is lost on our side. Please try again in a moment."),
    }
    return texts.get(code, _("Go back and try again; if it keeps happening, tell us."))


def render_expired_form(error):
    """A form of ours sent with a missing or stale CSRF token comes back with everything typed
    in it (passwords excepted) and a fresh token, to be sent again in one tap. A request from
    another site, or from nowhere we can tell, only gets the error: giving it back ready to send
    would let that site act through one tap of a signed-in member."""
    if not is_from_our_pages():
        return render_template("errors/csrf.html", fields=None), 400
    kept = [(name, value) for name, value in request.form.items(multi=True)
            if name != "csrf_token" and "password" not in name]
    return render_template("errors/csrf.html", fields=kept, action=request.path), 400


def is_from_our_pages():
    """True when the browser says the request comes from our own host: `Origin`, or `Referer`
    when there is no Origin (older browsers). Neither, or Origin "null", is not ours. Our host is
    the one asked for, or PUBLIC_BASE_URL's (a proxy that does not pass the Host header on)."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    ours = {request.host.lower(), urlsplit(current_app.config.get("PUBLIC_BASE_URL") or "").netloc.lower()} - {""}
    return bool(source) and urlsplit(source).netloc.lower() in ours
