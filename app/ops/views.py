"""/healthz, /readyz and /metrics: answered before anything else, never cached, never limited."""
import hmac

from flask import abort, current_app, jsonify, request

from app.extensions import limiter
from app.ops import bp, health, metrics

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process answers: no database, no Redis, for a load balancer's frequent probe."""
    return jsonify(ok=True), 200, NO_STORE


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """200 when the database, Redis and the media storage work, 503 otherwise; no secret in it."""
    ready, answer = health.readiness(current_app)
    return jsonify(answer), 200 if ready else 503, NO_STORE


@bp.get("/metrics", endpoint="metrics")
@limiter.exempt
def metrics_page():
    if not _may_scrape():
        abort(404)  # as if there were nothing here
    return current_app.response_class(metrics.exposition(current_app), 200,
                                      {**NO_STORE, "Content-Type": "text/plain; version=0.0.4; charset=utf-8"})


def _may_scrape():
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        return bool(current_app.config["DEMO"])  # the demo runs on its own machine
    sent = request.headers.get("Authorization", "")
    return sent.startswith("Bearer ") and hmac.compare_digest(sent[7:].strip().encode(), token.encode())
