"""What an account may hold: passwords that resist a first guess, the same answers for members
and strangers, codes not wasted by a typing mistake, and roles an administrator decides for good."""
import re

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.accounts.models import User, VerificationCode
from app.extensions import db
from tests.factories import log_in, make_user
from tests.accounts.forms import csrf as _csrf, post as _post, last_code as _last_code


def _answer(response):
    """What the visitor sees, without the masked number and the form's token."""
    page = re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))
    return response.status_code, re.sub(r"\+228…\d\d", "", page)


@pytest.mark.parametrize("ask, enter", [("/inscription", "/inscription/code"), ("/mot-de-passe", "/mot-de-passe/nouveau")],
                         ids=["sign-up", "reset"])
@pytest.mark.parametrize("password", ["court", "azerty123", "aaaaaaaa"])
def test_the_code_step_answers_a_bad_password_the_same_for_members_and_strangers(client, app, ask, enter, password):
    make_user(phone="+22890000011")
    db.session.commit()
    answers = []
    for phone in ("90 00 00 11", "90 00 00 12"):
        client.delete_cookie("session")
        _post(client, ask, {"phone": phone})
        answers.append(_answer(_post(client, enter, {"code": "123456", "password": password})))
    assert answers[0] == answers[1]
    assert answers[0][0] == 422 and "Choisissez" in answers[0][1] and "Ce code" not in answers[0][1]


@pytest.mark.parametrize("password", ["Togo2024", "AZERTY123", "motdepasse", "12345678", "jesus2000", "11111111",
                                      "aaaaaaaaaa", "........"])
def test_common_passwords_and_one_repeated_character_are_refused(client, app, password):
    _post(client, "/inscription", {"phone": "90 12 34 56"})
    code = _last_code("+22890123456")
    response = _post(client, "/inscription/code", {"code": code, "password": password})
    assert response.status_code == 422 and "choisissez-en un autre" in response.get_data(as_text=True)
    assert db.session.scalars(select(User)).all() == []
    assert _post(client, "/inscription/code", {"code": code, "password": "harmattan-a-lome"}).status_code == 303


def test_the_password_messages_exist_in_english(client, app):
    client.set_cookie("lang", "en")
    _post(client, "/inscription", {"phone": "90 12 34 56"})
    page = _post(client, "/inscription/code", {"code": "123456", "password": "motdepasse123"}).get_data(as_text=True)
    assert "one of the most common" in page
    page = _post(client, "/inscription/code", {"code": "123456", "password": "zzzzzzzzz"}).get_data(as_text=True)
    assert "one character repeated" in page


def test_a_refused_new_password_neither_uses_the_reset_code_nor_counts_as_a_wrong_try(client, app):
    make_user(phone="+22899112233", password_hash=generate_password_hash("ancien-secret"))
    db.session.commit()
    _post(client, "/mot-de-passe", {"phone": "99112233"})
    code = _last_code("+22899112233")
    assert _post(client, "/mot-de-passe/nouveau", {"code": code, "password": "court"}).status_code == 422
    db.session.expire_all()
    stored = db.session.scalars(select(VerificationCode).where(VerificationCode.purpose == "reset")).one()
    assert (stored.used_at, stored.attempts) == (None, 0)
    assert _post(client, "/mot-de-passe/nouveau", {"code": code, "password": "saison-des-pluies"}).status_code == 303
    client.post("/deconnexion", data={"csrf_token": _csrf(client, "/compte")})
    assert _post(client, "/connexion", {"phone": "99112233", "password": "saison-des-pluies"}).status_code == 303


def test_an_admins_demotion_is_final_for_the_member(client, app):
    member = make_user(role="filmmaker", phone="+22890112233")
    admin = make_user("admin", display_name="Awa (admin)")
    db.session.commit()
    admin_client = app.test_client()
    log_in(admin_client, admin)
    _post(admin_client, f"/admin/membres/{member.id}", {"role": "viewer"}, form_path="/admin/membres")
    db.session.expire_all()
    log_in(client, db.session.get(User, member.id))
    page = client.get("/compte").get_data(as_text=True)
    assert 'name="role"' not in page and "fixé par l'équipe Karangou" in page
    response = _post(client, "/compte", {"display_name": "Afi", "role": "filmmaker", "locale": "fr", "data_saver": "auto"})
    assert response.status_code == 422 and "demandez-lui" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "viewer"


def test_a_member_no_admin_has_decided_for_chooses_a_role_in_the_profile(client, app):
    member = make_user(role="viewer")
    db.session.commit()
    log_in(client, member)
    assert 'name="role"' in client.get("/compte").get_data(as_text=True)
    response = _post(client, "/compte", {"display_name": "Afi", "role": "filmmaker", "locale": "fr", "data_saver": "auto"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "filmmaker"
