"""Limits on codes and sign-in: strict per number, loose per address, nothing counted for a
form that cannot be used, and a refused form that comes back filled with the wait."""
import os
import re
import subprocess
import sys
import threading

import httpx
import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.accounts.models import VerificationCode
from app.extensions import db
from tests.accounts.test_accounts import _csrf, _last_code, _post
from tests.conftest import REDIS_URL
from tests.factories import make_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_three_codes_an_hour_per_number_whichever_form_asks(client, app):
    make_user(phone="+22890777701")
    db.session.commit()
    assert _post(client, "/inscription", {"phone": "90 77 77 01"}).status_code == 303
    assert _post(client, "/connexion/code", {"phone": "90 77 77 01"}).status_code == 303
    assert _post(client, "/mot-de-passe", {"phone": "90777701"}).status_code == 303
    assert _post(client, "/connexion/code", {"phone": "+228 90 77 77 01"}).status_code == 429
    assert _post(client, "/connexion/code", {"phone": "90 77 77 02"}).status_code == 303


def test_a_neighbourhood_behind_one_address_can_still_ask_for_codes(client, app):
    for n in range(20):  # twenty people behind the operator's NAT, one code each
        assert _post(client, "/connexion/code", {"phone": f"90 66 00 {n:02d}"}).status_code == 303


def test_forms_that_cannot_be_used_count_toward_no_limit(client, app):
    app.config["CODE_REQUEST_LIMIT_PER_IP"] = 2
    try:
        for _ in range(12):
            assert _post(client, "/connexion/code", {"phone": "90 77 7"}).status_code == 422
            assert _post(client, "/connexion/code", {}).status_code == 422
        assert _post(client, "/connexion/code", {"phone": "90 77 77 03"}).status_code == 303
        assert _post(client, "/connexion/code", {"phone": "90 77 77 04"}).status_code == 303
        assert _post(client, "/connexion/code", {"phone": "90 77 77 05"}).status_code == 429
    finally:
        app.config["CODE_REQUEST_LIMIT_PER_IP"] = 60


def test_stale_forms_count_toward_no_limit(client, app):
    for _ in range(5):
        assert client.post("/connexion/code", data={"phone": "90 77 77 13", "csrf_token": "x"}).status_code == 400
    for _ in range(3):
        assert _post(client, "/connexion/code", {"phone": "90 77 77 13"}).status_code == 303


def test_mistyped_codes_and_passwords_use_up_neither_limits_nor_tries(client, app):
    _post(client, "/inscription", {"phone": "90 77 77 06"})
    code = _last_code("+22890777706")
    for _ in range(25):
        assert _post(client, "/inscription/code", {"code": "12 34", "password": "mot-de-passe"}).status_code == 422
        assert _post(client, "/inscription/code", {"code": code, "password": "court"}).status_code == 422
    assert db.session.scalars(select(VerificationCode.attempts)).one() == 0
    assert _post(client, "/inscription/code", {"code": code, "password": "mot-de-passe"}).status_code == 303


def test_sign_in_without_a_password_is_not_counted(client, app):
    make_user(phone="+22890777707", password_hash=generate_password_hash("mot-de-passe"))
    db.session.commit()
    for _ in range(12):
        assert _post(client, "/connexion", {"phone": "90 77 77 07", "password": ""}).status_code == 422
    assert _post(client, "/connexion", {"phone": "90 77 77 07", "password": "mot-de-passe"}).status_code == 303


def test_refused_code_request_comes_back_filled_with_the_wait_in_french_and_english(client, app):
    for _ in range(3):
        _post(client, "/connexion/code", {"phone": "90 77 77 08"})
    refused = _post(client, "/connexion/code", {"phone": "90 77 77 08"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 3500 <= int(refused.headers["Retry-After"]) <= 3601
    assert 'value="90 77 77 08"' in page and 'name="csrf_token"' in page
    assert re.search(r"Vous pourrez réessayer dans (59|60) minutes\.", page)
    client.set_cookie("lang", "en")
    refused = client.post("/connexion/code", headers={"HX-Request": "true"},
                          data={"phone": "90 77 77 08", "csrf_token": _csrf(client, "/connexion/code")})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 'value="90 77 77 08"' in page
    assert re.search(r"You can try again in (59|60) minutes\.", page)


def test_refused_sign_in_keeps_the_number_never_the_password(client, app):
    make_user(phone="+22890777709", password_hash=generate_password_hash("mot-de-passe"))
    db.session.commit()
    for _ in range(10):
        assert _post(client, "/connexion", {"phone": "90 77 77 09", "password": "essai-secret"}).status_code == 422
    refused = _post(client, "/connexion", {"phone": "90 77 77 09", "password": "essai-secret"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 'value="90 77 77 09"' in page
    assert "essai-secret" not in page and "réessayer dans" in page


def test_refused_code_entry_shows_the_code_form_again(client, app):
    _post(client, "/connexion/code", {"phone": "90 77 77 10"})
    for _ in range(15):
        assert _post(client, "/connexion/code/verifier", {"code": "000000"}).status_code == 422
    refused = _post(client, "/connexion/code/verifier", {"code": "000001"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 'value="000001"' in page and "+228…10" in page
    assert "réessayer dans" in page


# --- simultaneous requests over HTTP, against PostgreSQL -----------------------------------

def _waiting_for_a_code(live_server, phone):
    """A browser that asked for a sign-in code: its cookies and a valid form token."""
    with httpx.Client(base_url=live_server.url, timeout=20) as browser:
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/connexion/code").text).group(1)
        assert browser.post("/connexion/code", data={"phone": phone, "csrf_token": token}).status_code == 303
        return dict(browser.cookies), token


def _all_at_once(live_server, cookies, forms):
    """Sends every form at the same moment, each on its own connection; their status codes."""
    start, answers = threading.Barrier(len(forms)), []

    def send(form):
        with httpx.Client(base_url=live_server.url, cookies=cookies, timeout=30) as browser:
            start.wait()
            answers.append(browser.post("/connexion/code/verifier", data=form).status_code)

    threads = [threading.Thread(target=send, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(answers)


def test_simultaneous_wrong_guesses_are_all_counted(app, live_server):
    make_user(phone="+22890777711")
    db.session.commit()
    cookies, token = _waiting_for_a_code(live_server, "90 77 77 11")
    code = _last_code("+22890777711")
    wrong = [f"{(int(code) + n) % 10**6:06d}" for n in range(1, 13)]
    answers = _all_at_once(live_server, cookies, [{"code": guess, "csrf_token": token} for guess in wrong])
    assert answers == [422] * 12
    db.session.expire_all()
    assert db.session.scalars(select(VerificationCode.attempts)).one() == 5
    assert _all_at_once(live_server, cookies, [{"code": code, "csrf_token": token}]) == [422]


def test_the_right_code_sent_several_times_at_once_signs_in_once(app, live_server):
    make_user(phone="+22890777712")
    db.session.commit()
    cookies, token = _waiting_for_a_code(live_server, "90 77 77 12")
    code = _last_code("+22890777712")
    answers = _all_at_once(live_server, cookies, [{"code": code, "csrf_token": token}] * 8)
    assert answers == [303] + [422] * 7


# --- where limits are kept ---------------------------------------------------------------

def _storage_of(config, folder):
    script = ("from app import create_app; from app.extensions import limiter; "
              f"app = create_app({config!r}); print(app.config['RATELIMIT_STORAGE_URI'], type(limiter.storage).__name__)")
    env = {name: value for name, value in os.environ.items() if not name.startswith("RATELIMIT_")}
    env.update(REDIS_URL=REDIS_URL, SECRET_KEY="test-secret", INSTANCE_PATH=str(folder))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


PRODUCTION = {"SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1/karangou", "MEDIA_ROOT": "/tmp",
              "PUBLIC_BASE_URL": "https://karangou.example", "SMS_PROVIDER": "africastalking",
              "AT_USERNAME": "karangou", "AT_API_KEY": "key", "MAIL_PROVIDER": "off", "PAYGATE_AUTH_TOKEN": "token"}


@pytest.mark.parametrize(("config", "expected"), [(PRODUCTION, [REDIS_URL, "RedisStorage"]),
                                                  ({"DEMO": True}, ["memory://", "MemoryStorage"])])
def test_limits_are_kept_in_redis_unless_in_the_demo(config, expected, tmp_path):
    assert _storage_of(config, tmp_path) == expected
