"""Sessions that end: a copied session or remember cookie is worth nothing after sign-out,
a password reset, a role decided by an administrator or a disabled account."""
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from werkzeug.security import generate_password_hash

from app.accounts.models import User
from app.extensions import db
from tests.accounts.forms import csrf as _csrf, last_code as _last_code, post as _post
from tests.factories import log_in, make_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "harmattan-a-lome"


def _member(phone="+22890112233", role="viewer"):
    user = make_user(role=role, phone=phone, password_hash=generate_password_hash(PASSWORD))
    db.session.commit()
    return user


def _signed_in_cookies(client, phone="90112233"):
    """Signs in by password, as a member does, and returns the session and remember cookies."""
    assert _post(client, "/connexion", {"phone": phone, "password": PASSWORD}).status_code == 303
    return client.get_cookie("session").value, client.get_cookie("remember_token").value


def _opens_account(app, name, value):
    """Whether a fresh browser holding only this cookie reaches "Mon compte"."""
    other = app.test_client()
    other.set_cookie(name, value)
    return other.get("/compte").status_code == 200


def test_after_sign_out_the_old_session_and_remember_cookies_open_nothing(client, app):
    _member()
    session_cookie, remember_cookie = _signed_in_cookies(client)
    assert _opens_account(app, "session", session_cookie) and _opens_account(app, "remember_token", remember_cookie)
    client.post("/deconnexion", data={"csrf_token": _csrf(client, "/compte")})
    assert client.get("/compte").status_code == 302
    assert not _opens_account(app, "session", session_cookie)
    assert not _opens_account(app, "remember_token", remember_cookie)


def test_signing_in_again_after_sign_out_gives_cookies_that_work(client, app):
    _member()
    _signed_in_cookies(client)
    client.post("/deconnexion", data={"csrf_token": _csrf(client, "/compte")})
    session_cookie, remember_cookie = _signed_in_cookies(client)
    assert _opens_account(app, "session", session_cookie) and _opens_account(app, "remember_token", remember_cookie)


def test_a_password_reset_ends_the_sessions_opened_before_it(client, app):
    _member()
    session_cookie, remember_cookie = _signed_in_cookies(client)
    elsewhere = app.test_client()
    _post(elsewhere, "/mot-de-passe", {"phone": "90112233"})
    reset = _post(elsewhere, "/mot-de-passe/nouveau", {"code": _last_code("+22890112233"), "password": "saison-seche-2"})
    assert reset.status_code == 303
    assert elsewhere.get("/compte").status_code == 200  # the device that reset stays signed in
    assert client.get("/compte").status_code == 302
    assert not _opens_account(app, "session", session_cookie)
    assert not _opens_account(app, "remember_token", remember_cookie)


def _admin_signed_in(app):
    admin = make_user("admin", display_name="Awa (admin)")
    db.session.commit()
    client = app.test_client()
    log_in(client, admin)
    return client


def test_an_admin_changing_a_role_ends_the_members_sessions(client, app):
    member = _member(role="filmmaker")
    session_cookie, remember_cookie = _signed_in_cookies(client)
    admin = _admin_signed_in(app)
    _post(admin, f"/admin/membres/{member.id}", {"role": "viewer"}, form_path="/admin/membres")
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "viewer"
    assert client.get("/compte").status_code == 302
    assert not _opens_account(app, "session", session_cookie)
    assert not _opens_account(app, "remember_token", remember_cookie)


def test_disabling_ends_sessions_for_good_even_once_enabled_again(client, app):
    member = _member()
    session_cookie, remember_cookie = _signed_in_cookies(client)
    admin = _admin_signed_in(app)
    _post(admin, f"/admin/membres/{member.id}", {"disabled": "1", "confirmed": "1"}, form_path="/admin/membres")
    assert client.get("/compte").status_code == 302
    _post(admin, f"/admin/membres/{member.id}", {"disabled": "0", "confirmed": "1"}, form_path="/admin/membres")
    db.session.expire_all()
    assert db.session.get(User, member.id).disabled_at is None
    assert not _opens_account(app, "session", session_cookie)
    assert not _opens_account(app, "remember_token", remember_cookie)


def test_choosing_a_role_oneself_keeps_this_device_signed_in(client, app):
    member = _member()
    _signed_in_cookies(client)
    response = _post(client, "/compte", {"display_name": "Kafui", "role": "filmmaker", "locale": "fr",
                                         "data_saver": "auto"})
    assert response.status_code == 303
    assert client.get("/compte").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "filmmaker"


SIGN_IN_OVER_HTTPS = """
import re, sys
from app import create_app

client = create_app().test_client()
https = {"base_url": "https://karangou.example", "headers": {"Referer": "https://karangou.example/connexion"}}
token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/connexion", **https).text).group(1)
answer = client.post("/connexion", data={"csrf_token": token, "phone": sys.argv[1], "password": sys.argv[2]}, **https)
print(answer.status_code)
print("\\n".join(answer.headers.getlist("Set-Cookie")))
"""


def _production_env(app, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("COOKIE_", "REMEMBER_"))}
    env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"].replace("+psycopg", ""),
               REDIS_URL=app.config["REDIS_URL"], SECRET_KEY="another-test-secret",
               MEDIA_ROOT=app.config["MEDIA_ROOT"], INSTANCE_PATH=app.instance_path, JOBS_INLINE="false",
               PAYMENTS_SIMULATOR="false", FLASK_APP="wsgi", RQ_QUEUE=app.config["RQ_QUEUE"], KARANGOU_DEMO="1",
               **extra)
    return env


def test_with_cookie_secure_the_remember_cookie_is_secure_httponly_lax_and_lasts_30_days(app):
    _member()
    env = _production_env(app, COOKIE_SECURE="true", URL_SCHEME="https")
    run = subprocess.run([sys.executable, "-c", SIGN_IN_OVER_HTTPS, "90112233", PASSWORD], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60, check=True)
    status, *cookies = run.stdout.strip().splitlines()
    assert status == "303"
    remember = next(c for c in cookies if c.startswith("remember_token="))
    attributes = {part.strip().split("=")[0].lower(): part.strip().partition("=")[2] for part in remember.split(";")}
    assert "secure" in attributes and "httponly" in attributes and attributes["samesite"] == "Lax"
    lasts = parsedate_to_datetime(attributes["expires"]) - datetime.now(timezone.utc)
    assert timedelta(days=29) < lasts <= timedelta(days=30)
    session = next(c for c in cookies if c.startswith("session="))
    assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session
