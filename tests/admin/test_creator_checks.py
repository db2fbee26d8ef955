"""Creator checks: an identity document only administrators see, and no project live before it is approved."""
import re

import pytest
from sqlalchemy import select

from app import storage
from app.creators.models import CreatorCheck
from app.extensions import db
from app.funding.models import Project
from tests.factories import log_in, make_project, make_user
from tests.studio.test_documents import PDF, multipart


@pytest.fixture(autouse=True)
def _no_identity_left(app):
    storage.store().delete_prefix("identity/")
    yield
    storage.store().delete_prefix("identity/")


def _token(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _send_identity(client, data=PDF):
    body, boundary = multipart({"csrf_token": _token(client, "/studio/identite")}, "carte.pdf", "application/pdf", data)
    return client.post("/studio/identite", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _approve_project(client, project):
    return client.post(f"/admin/projets/{project.id}/decision",
                       data={"decision": "approve", "confirmed": "1", "csrf_token": _token(client, "/admin/")})


def _status(project):
    db.session.expire_all()
    return db.session.get(Project, project.id).status


def test_a_project_cannot_go_live_before_its_creator_is_approved_then_can(client, admin, filmmaker):
    project = make_project(status="submitted", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, admin)
    response = _approve_project(client, project)  # the confirmation page says why, 422
    assert response.status_code == 422 and _status(project) == "submitted"
    assert "L’identité du réalisateur n’est pas encore approuvée" in response.get_data(as_text=True)

    log_in(client, filmmaker)
    assert "Envoyez votre pièce d’identité" in client.get(f"/studio/projets/{project.id}").get_data(as_text=True)
    assert _send_identity(client).status_code == 303
    check = db.session.scalars(select(CreatorCheck)).one()
    assert check.status == "pending" and storage.store().read(check.document_key) == PDF

    log_in(client, admin)
    assert "Afi" in client.get("/admin/createurs").get_data(as_text=True)
    client.post(f"/admin/createurs/{check.id}/decision",
                data={"decision": "approve", "confirmed": "1", "csrf_token": _token(client, "/admin/createurs")})
    db.session.expire_all()
    assert db.session.get(CreatorCheck, check.id).status == "approved"
    assert _approve_project(client, project).status_code == 303 and _status(project) == "live"


def test_the_identity_document_reaches_admins_only_as_an_attachment(client, admin, filmmaker):
    someone = make_user("filmmaker", display_name="Kossi")
    project = make_project(status="live", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, filmmaker)
    _send_identity(client)
    check = db.session.scalars(select(CreatorCheck)).one()
    url = f"/admin/createurs/{check.id}/piece"
    for member in (filmmaker, someone):  # not even its owner reads it back
        log_in(client, member)
        assert client.get(url).status_code == 403
        assert check.document_key not in client.get("/studio/identite").get_data(as_text=True)
    client.get("/deconnexion")
    assert client.get(url).status_code in (302, 403)
    assert "/admin/createurs" not in client.get(f"/projets/{project.short_code}").get_data(as_text=True)
    log_in(client, admin)
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"] == f'attachment; filename="identite-{filmmaker.id}.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refusal_says_why_to_the_filmmaker_who_can_send_again(client, admin, filmmaker):
    log_in(client, filmmaker)
    _send_identity(client)
    check = db.session.scalars(select(CreatorCheck)).one()
    first_key = check.document_key
    log_in(client, admin)
    token = _token(client, "/admin/createurs")
    asked = client.post(f"/admin/createurs/{check.id}/decision", data={"decision": "reject", "comment": "Photo",
                                                                        "csrf_token": token})
    assert asked.status_code == 200 and "Confirmer" in asked.get_data(as_text=True)  # asked twice
    refused = client.post(f"/admin/createurs/{check.id}/decision",
                          data={"decision": "reject", "comment": "", "confirmed": "1", "csrf_token": token})
    assert refused.status_code == 422  # a refusal needs a reason
    db.session.expire_all()
    assert db.session.get(CreatorCheck, check.id).status == "pending"
    client.post(f"/admin/createurs/{check.id}/decision",
                data={"decision": "reject", "comment": "Photo illisible", "confirmed": "1", "csrf_token": token})
    log_in(client, filmmaker)
    page = client.get("/studio/identite").get_data(as_text=True)
    assert "Pièce d’identité refusée" in page and "Photo illisible" in page
    assert _send_identity(client, PDF + b"%nouvelle").status_code == 303
    db.session.expire_all()
    check = db.session.get(CreatorCheck, check.id)
    assert check.status == "pending" and check.document_key != first_key and not storage.store().exists(first_key)


def test_an_html_page_is_refused_as_an_identity_document(client, filmmaker):
    log_in(client, filmmaker)
    response = _send_identity(client, b"<html><script>alert(1)</script></html>")
    assert response.status_code == 422 and "Envoyez un PDF ou une image JPEG, PNG ou WebP." in response.get_data(as_text=True)
    assert db.session.scalars(select(CreatorCheck)).all() == []


def test_the_check_shows_the_wallet_holder_name_to_compare_with_the_document(client, admin, filmmaker):
    from app.payouts.models import PayoutWallet

    db.session.add_all([CreatorCheck(user_id=filmmaker.id, document_key=f"identity/{filmmaker.id}/id.pdf",
                                     status="pending"),
                        PayoutWallet(user_id=filmmaker.id, phone="+22997123456", network="mtn",
                                     holder_name="AFI MENSAH")])
    db.session.commit()
    log_in(client, admin)
    assert "AFI MENSAH" in client.get("/admin/createurs").get_data(as_text=True)
