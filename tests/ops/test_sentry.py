"""Errors reach Sentry without a phone number, a one-time code or a password."""
import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import brotli
import pytest
import sentry_sdk

from app.ops.sentry import scrub
from tests.conftest import make_test_app

PHONE_DIGITS = ("22890123456", "90123456", "90 12 34 56")


def flask_event():
    """An event as sentry-sdk's Flask integration builds it for a failed sign-in by code."""
    return {
        "level": "error",
        "logentry": {"message": "code %s refused for %s", "params": ["482913", "+22890123456"],
                     "formatted": "code 482913 refused for +22890123456"},
        "exception": {"values": [{"type": "ValueError", "value": "no member with phone +228 90 12 34 56",
                                  "stacktrace": {"frames": [{"function": "sign_in_by_code", "vars": {
                                      "phone": "'+22890123456'", "code": "'482913'", "attempts": "2",
                                      "note": "'rappeler le 90123456'"}}]}}]},
        "request": {"url": "https://karangou.example/connexion/code?phone=%2B22890123456", "method": "POST",
                    "query_string": "phone=%2B22890123456&code=482913",
                    "data": {"phone": "+22890123456", "code": "482913", "otp": "482913", "password": "sésame",
                             "csrf_token": "IjA1ZT", "next": "/films", "name": "Kafui, 90 12 34 56"},
                    "cookies": {"session": "eyJfZnJlc2giOnRydWV9", "vk": "v1234"},
                    "headers": {"Cookie": "session=eyJ", "Authorization": "Bearer abc", "User-Agent": "Tecno",
                                "X-Forwarded-For": "41.207.1.2"},
                    "env": {"REMOTE_ADDR": "41.207.1.2"}},
        "user": {"id": "12", "ip_address": "41.207.1.2", "username": "+22890123456"},
        "extra": {"payment_phone": "+22890123456", "amount_fcfa": 1500},
        "breadcrumbs": {"values": [{"category": "log", "message": "SMS code sent to +22890123456"},
                                   {"category": "httplib", "data": {"url": "https://api.africastalking.com",
                                                                    "to": "+22890123456"}}]},
    }


def test_scrub_removes_phones_codes_and_passwords_from_a_flask_event():
    event = scrub(flask_event(), {})
    text = json.dumps(event, ensure_ascii=False)
    for secret in (*PHONE_DIGITS, "482913", "sésame", "IjA1ZT", "eyJ", "Bearer abc", "41.207.1.2"):
        assert secret not in text, secret
    assert event["request"]["data"]["next"] == "/films"  # what is no secret stays readable
    assert event["request"]["data"]["name"] == "Kafui, [phone]"
    assert event["request"]["url"] == "https://karangou.example/connexion/code"
    assert event["request"]["headers"]["User-Agent"] == "Tecno"
    assert event["exception"]["values"][0]["value"] == "no member with phone [phone]"
    assert event["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"]["attempts"] == "2"
    assert event["logentry"]["formatted"] == "code [code] refused for [phone]"
    assert event["user"] == {"id": "12"}
    assert event["extra"]["amount_fcfa"] == 1500
    assert event["breadcrumbs"]["values"][0]["message"] == "SMS code sent to [phone]"


def test_scrub_keeps_dates_and_amounts_readable():
    event = scrub({"message": "payment 42 of 1500 FCFA expired on 2026-12-01 at 10:15"}, {})
    assert event["message"] == "payment 42 of 1500 FCFA expired on 2026-12-01 at 10:15"


class _Collector(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        body = brotli.decompress(body) if encoding == "br" else gzip.decompress(body) if encoding == "gzip" else body
        self.received.append(body.decode())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Collector.received = []
    yield server
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: nothing is sent by the tests that follow
    server.shutdown()
    server.server_close()


def test_an_error_in_a_view_reaches_sentry_scrubbed(sentry_server, pg_database, tmp_path):
    app = make_test_app(pg_database, str(tmp_path), SENTRY_DSN=f"http://key@127.0.0.1:{sentry_server.server_port}/1",
                        PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=False)

    def fails():
        raise RuntimeError("no account for +22890123456")

    app.add_url_rule("/essai-erreur", "essai_erreur", fails, methods=["POST"])
    response = app.test_client().post("/essai-erreur?phone=%2B22890123456",
                                      data={"phone": "+22890123456", "code": "482913", "password": "sésame"})
    assert response.status_code == 500
    sentry_sdk.get_client().flush(timeout=10)
    sent = "\n".join(_Collector.received)
    assert "RuntimeError" in sent and "no account for [phone]" in sent
    for secret in (*PHONE_DIGITS, "482913", "sésame"):
        assert secret not in sent, secret
