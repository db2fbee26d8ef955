"""Operations: health and readiness probes, Prometheus metrics, alerts, error reports to Sentry,
bytes served per day and the team's daily report (docs/deploy.md, "Monitoring")."""
from flask import Blueprint, current_app, request

from app.ops import metrics, sentry, traffic

bp = Blueprint("ops", __name__)


def init_app(app):
    """Before `http` and `compress` are set up: this after_request hook then runs last and sees
    the answer as it leaves (compressed, or a 304)."""
    sentry.init_app(app)
    metrics.init_app(app)
    app.after_request(_after_request)


def _after_request(response):
    metrics.observe(response)
    if request.method == "GET" and request.endpoint not in metrics.QUIET_ENDPOINTS | {"watch.stream"}:
        # Video is counted where the film's bytes are (watch.progress.count_bytes_served).
        traffic.count(current_app, "page", _body_length(response))
    return response


def _body_length(response):
    if response.content_length is not None:
        return response.content_length
    if response.is_streamed or response.direct_passthrough:
        return 0
    return len(response.get_data())
