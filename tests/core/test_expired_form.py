"""The "send the form again" page: our own stale forms come back filled, another site's never do."""
import re

import pytest

from app.accounts.models import User
from app.extensions import db
from tests.factories import log_in, make_user


@pytest.fixture
def admin_and_member(app, client):
    admin = make_user("admin", display_name="Awa (admin)")
    member = make_user("viewer", display_name="Kafui")
    db.session.commit()
    log_in(client, admin)
    return member


def _forms(page):
    return re.findall(r'<form method="post" action="([^"]+)"', page)


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Referer": "https://evil.example/piege.html"},
    {},  # neither header: we cannot tell where it comes from
], ids=["other-origin", "null-origin", "other-referer", "unknown"])
def test_a_cross_site_post_gets_the_error_without_a_ready_to_send_form(client, admin_and_member, headers):
    target = f"/admin/membres/{admin_and_member.id}"
    response = client.post(target, data={"role": "filmmaker"}, headers=headers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Cette demande ne vient pas de Karangou" in page
    assert target not in _forms(page) and "filmmaker" not in page and "Renvoyer" not in page
    db.session.expire_all()
    assert db.session.get(User, admin_and_member.id).role == "viewer"


@pytest.mark.parametrize("headers", [
    {"Origin": "http://localhost"},
    {"Referer": "http://localhost/admin/membres"},
    {"Origin": "https://karangou.example"},  # PUBLIC_BASE_URL, behind a proxy that sends its own Host
], ids=["origin", "referer", "public-base-url"])
def test_our_own_stale_form_comes_back_filled_to_send_again(app, client, admin_and_member, headers, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://karangou.example")
    target = f"/admin/membres/{admin_and_member.id}"
    response = client.post(target, data={"role": "filmmaker", "csrf_token": "stale"}, headers=headers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Renvoyer" in page
    assert target in _forms(page) and 'name="role" value="filmmaker"' in page
