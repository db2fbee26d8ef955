"""Phone accounts: codes by SMS, passwords, limits, and no way to tell who is a member."""
import re

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.sms.models import SmsMessage
from tests.factories import make_user
from tests.accounts.forms import csrf as _csrf, post as _post, last_code as _last_code


def test_sign_up_with_the_sms_code_then_sign_in_with_the_password(client, app):
    response = _post(client, "/inscription", {"phone": "90 12 34 56", "display_name": "Kafui"})
    assert response.status_code == 303 and response.location.endswith("/inscription/code")
    code = _last_code("+22890123456")
    response = _post(client, "/inscription/code", {"code": code, "password": "mot-de-passe"})
    assert response.status_code == 303
    user = db.session.scalars(select(User)).one()
    assert (user.phone, user.display_name, user.role) == ("+22890123456", "Kafui", "viewer")
    assert user.password_hash != "mot-de-passe" and user.phone_verified_at
    assert "Mon compte" in client.get("/").get_data(as_text=True)
    client.post("/deconnexion", data={"csrf_token": _csrf(client, "/compte")})
    assert _post(client, "/connexion", {"phone": "+228 90123456", "password": "faux-mot-de-passe"}).status_code == 422
    assert _post(client, "/connexion", {"phone": "+228 90123456", "password": "mot-de-passe"}).status_code == 303


def test_sign_in_by_code_and_password_reset(client, app):
    from werkzeug.security import generate_password_hash

    make_user(phone="+22899112233", password_hash=generate_password_hash("ancien-secret"))
    db.session.commit()
    _post(client, "/connexion/code", {"phone": "99112233"})
    assert _post(client, "/connexion/code/verifier", {"code": _last_code("+22899112233")}).status_code == 303
    assert "Mon compte" in client.get("/").get_data(as_text=True)
    client.post("/deconnexion", data={"csrf_token": _csrf(client, "/compte")})
    _post(client, "/mot-de-passe", {"phone": "99112233"})
    code = _last_code("+22899112233")
    assert _post(client, "/mot-de-passe/nouveau", {"code": code, "password": "nouveau-secret"}).status_code == 303
    client.post("/deconnexion", data={"csrf_token": _csrf(client, "/compte")})
    assert _post(client, "/connexion", {"phone": "99112233", "password": "ancien-secret"}).status_code == 422
    assert _post(client, "/connexion", {"phone": "99112233", "password": "nouveau-secret"}).status_code == 303


def test_a_code_dies_after_five_wrong_tries(client, app):
    _post(client, "/inscription", {"phone": "90 55 55 55"})
    code = _last_code("+22890555555")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = _post(client, "/inscription/code", {"code": wrong, "password": "mot-de-passe"})
        assert response.status_code == 422
    response = _post(client, "/inscription/code", {"code": code, "password": "mot-de-passe"})
    assert response.status_code == 422 and "Demandez-en un nouveau" in response.get_data(as_text=True)
    assert db.session.scalars(select(User)).all() == []


@pytest.mark.parametrize("path", ["/inscription", "/connexion/code", "/mot-de-passe"])
def test_same_answer_for_members_and_strangers(client, app, path):
    make_user(phone="+22890000011")
    db.session.commit()
    answers = []
    for phone in ("90 00 00 11", "90 00 00 12"):
        client.delete_cookie("session")
        response = _post(client, path, {"phone": phone})
        follow = client.get(response.location)
        page = follow.get_data(as_text=True).replace("+228…11", "").replace("+228…12", "")
        answers.append((response.status_code, response.location, follow.status_code,
                        re.sub(r'value="[^"]+"', "", page)))
    assert answers[0] == answers[1]


def test_too_many_code_requests_get_a_clear_429(client, app):
    for _ in range(3):
        assert _post(client, "/connexion/code", {"phone": "90 77 77 77"}).status_code == 303
    response = _post(client, "/connexion/code", {"phone": "90 77 77 77"})
    assert response.status_code == 429
    assert "Trop d&#39;essais, merci de patienter" in response.get_data(as_text=True) and "Retry-After" in response.headers


def test_bad_csrf_token_gives_the_form_back_filled(client, app):
    response = client.post("/inscription", data={"phone": "90 12 34 56", "display_name": "Kafui", "csrf_token": "x"},
                           headers={"Origin": "http://localhost"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="90 12 34 56"' in page and 'value="Kafui"' in page and "Renvoyer" in page
    assert db.session.scalars(select(SmsMessage)).all() == []


def test_csp_on_every_html_page_without_unsafe_sources(client, app):
    seen = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments or rule.endpoint in ("static",):
            continue
        response = client.get(rule.rule)
        if response.mimetype == "text/html":
            csp = response.headers["Content-Security-Policy"]
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, rule.rule
            seen += 1
    assert seen >= 10
