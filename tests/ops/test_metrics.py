"""/metrics: Prometheus text, behind a bearer token outside the demo, summed over gunicorn workers."""
import re
import tempfile
from datetime import timedelta

import httpx

from app.extensions import db
from app.payments.models import Payment
from app.payments.states import record_event
from app.timeutil import utcnow
from tests.factories import make_film, make_project
from tests.gunicorn import production_app
from tests.ops.conftest import PRODUCTION

TOKEN = "scrape-me-3f9a"
FAMILIES = ("karangou_http_requests_total", "karangou_http_request_duration_seconds_bucket",
            "karangou_page_cache_requests_total", "karangou_queue_jobs", "karangou_queue_oldest_job_age_seconds",
            "karangou_payments", "karangou_payment_prompt_seconds", "karangou_payment_prompts_last_hour",
            "karangou_transcodes", "karangou_video_bytes_served_total")


def value(text, name, **labels):
    """The sample `name{labels}` of an exposition, 0 when absent."""
    wanted = ",".join(f'{key}="{val}"' for key, val in labels.items())
    pattern = "^" + re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" (\S+)$"
    found = re.search(pattern, text, re.M)
    return float(found.group(1)) if found else 0.0


def test_metrics_is_404_outside_the_demo_without_a_token_setting(other_app):
    assert other_app(**PRODUCTION).test_client().get("/metrics").status_code == 404


def test_metrics_is_404_without_the_right_bearer_token(other_app):
    client = other_app(**PRODUCTION, METRICS_TOKEN=TOKEN).test_client()
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 404
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_metrics_expose_every_family(other_app):
    app = other_app(**PRODUCTION, METRICS_TOKEN=TOKEN)
    with app.app_context():
        make_film(video_status="processing", transcode_progress={"state": "encoding"}, bytes_served=12_345)
        project = make_project()
        payment = Payment(provider="paygate", method="flooz", phone="+22890000001", amount_fcfa=1500,
                          status="awaiting_payer", reference="r-metrics", idempotency_key="k-metrics",
                          short_code="s-metrics", created_at=utcnow() - timedelta(seconds=3))
        db.session.add(payment)
        db.session.flush()
        record_event(payment, "start", "transition", status_from="created", status_to="awaiting_payer")
        db.session.commit()
        assert project.id
    client = app.test_client()
    client.get("/")
    client.get("/")  # the second one from the page cache
    client.get("/nulle-part")
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    for family in FAMILIES:
        assert re.search(rf"^{family}[{{ ]", text, re.M), family
    assert value(text, "karangou_http_requests_total", endpoint="catalog.home", method="GET", status="200") >= 2
    assert value(text, "karangou_http_requests_total", endpoint="none", method="GET", status="404") >= 1
    assert value(text, "karangou_page_cache_requests_total", result="hit") >= 1
    assert value(text, "karangou_payments", status="awaiting_payer") == 1
    assert value(text, "karangou_payment_prompts_last_hour") == 1
    assert 2 <= value(text, "karangou_payment_prompt_seconds", quantile="0.5") < 60
    assert value(text, "karangou_transcodes", state="encoding") == 1
    assert value(text, "karangou_video_bytes_served_total") == 12_345
    assert value(text, "karangou_queue_jobs", queue="default") == 0
    assert "/nulle-part" not in text and "ops.metrics" not in text and "ops.healthz" not in text


def test_two_gunicorn_workers_report_every_request_whichever_answers_the_scrape():
    with tempfile.TemporaryDirectory() as folder, \
            production_app(workers=2, demo=True, PROMETHEUS_MULTIPROC_DIR=folder, METRICS_TOKEN=TOKEN) as served:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=served.url, timeout=30) as http:
            before = value(http.get("/metrics", headers=auth).text, "karangou_http_requests_total",
                           endpoint="catalog.home", method="GET", status="200")
            _log, since = served.workers_answering()
            for _ in range(30):
                # A new connection each time, so both workers take some of them.
                assert httpx.get(served.url + "/", timeout=30).status_code == 200
            workers, _end = served.workers_answering(since)
            assert len(workers) == 2
            scrapes = [value(http.get("/metrics", headers=auth).text, "karangou_http_requests_total",
                             endpoint="catalog.home", method="GET", status="200") for _ in range(4)]
    assert scrapes == [before + 30] * 4
