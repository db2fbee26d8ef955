"""The project's dossier: documents taken for what their bytes are, served only as attachments,
and the budget template the guide promises."""
import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from app import storage
from app.extensions import db
from app.studio.models import ProjectDocument
from tests.factories import log_in, make_project

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML_AS_PDF = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def _no_documents_left(app):
    """Ids start again at 1 in every test: files of an earlier test's project 1 must not linger."""
    storage.store().delete_prefix("documents/")
    yield
    storage.store().delete_prefix("documents/")


def _dossier(client, project):
    return client.get(f"/studio/projets/{project.id}/dossier")


def _send(client, project, data, name="synopsis.pdf", kind="synopsis", title="Synopsis court", mimetype="application/pdf"):
    token = re.search(r'name="csrf_token" value="([^"]+)"', _dossier(client, project).get_data(as_text=True)).group(1)
    body, boundary = multipart({"csrf_token": token, "kind": kind, "title": title}, name, mimetype, data)
    return client.post(f"/studio/projets/{project.id}/dossier", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def multipart(fields, name, mimetype, data):
    """A form's body with one file, as a browser sends it (the test client's own encoder leaves a
    temporary file open for bodies past 500 KB)."""
    boundary = "karangou-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f"Content-Type: {mimetype}\r\n\r\n".encode() + data + f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), boundary


def _documents():
    return db.session.scalars(select(ProjectDocument).order_by(ProjectDocument.id)).all()


def _draft(filmmaker):
    project = make_project(status="draft", owner_id=filmmaker.id, title="Le puits")
    db.session.commit()
    return project


def _png(width, height):
    out = io.BytesIO()
    Image.new("L", (width, height)).save(out, "PNG")
    return out.getvalue()


def test_a_pdf_is_kept_and_served_back_as_an_attachment_never_sniffed(client, filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    assert _send(client, project, PDF).status_code == 303
    [document] = _documents()
    assert (document.kind, document.title, document.content_type, document.size_bytes) == (
        "synopsis", "Synopsis court", "application/pdf", len(PDF))
    assert storage.store().read(document.storage_key) == PDF
    response = client.get(f"/studio/projets/{project.id}/dossier/{document.id}")
    assert response.data == PDF and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="synopsis-{document.id}.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Synopsis court" in _dossier(client, project).get_data(as_text=True)


def test_an_html_page_named_pdf_is_refused_and_nothing_is_stored(client, filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    response = _send(client, project, HTML_AS_PDF, title="Mon synopsis")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Envoyez un PDF ou une image JPEG, PNG ou WebP." in page and 'value="Mon synopsis"' in page
    assert _documents() == [] and list(storage.store().list(f"documents/projects/{project.id}/")) == []


def test_a_file_past_ten_megabytes_is_refused(client, filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    response = _send(client, project, PDF + b"0" * 10_000_000)
    assert response.status_code == 422
    assert "Ce fichier est trop lourd : 10 Mo au plus." in response.get_data(as_text=True)
    assert _documents() == []


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(client, filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    bomb = _png(8000, 6000)  # 48 megapixels in a few kilobytes
    assert len(bomb) < 200_000
    response = _send(client, project, bomb, name="visuel.png", kind="concept_visual", mimetype="image/png")
    assert response.status_code == 422
    assert "Cette image a trop de pixels : 40 mégapixels au plus." in response.get_data(as_text=True)
    assert _documents() == []


def test_a_real_image_is_kept_with_its_sniffed_type_whatever_its_name(client, filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    out = io.BytesIO()
    Image.new("RGB", (60, 90), "#c0392b").save(out, "JPEG")
    assert _send(client, project, out.getvalue(), name="visuel.pdf", kind="concept_visual").status_code == 303
    [document] = _documents()
    assert document.content_type == "image/jpeg" and document.storage_key.endswith(".jpg")


def test_a_new_document_of_a_kind_replaces_the_old_one_and_delete_removes_it(client, filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    _send(client, project, PDF, title="Première version")
    [first] = _documents()
    _send(client, project, PDF + b"%v2", title="Deuxième version")
    [second] = _documents()
    assert second.title == "Deuxième version" and not storage.store().exists(first.storage_key)
    token = re.search(r'name="csrf_token" value="([^"]+)"', _dossier(client, project).get_data(as_text=True)).group(1)
    client.post(f"/studio/projets/{project.id}/dossier/{second.id}/supprimer", data={"csrf_token": token})
    assert _documents() == [] and not storage.store().exists(second.storage_key)


def test_another_filmmaker_can_neither_read_nor_delete_a_draft_document(client, filmmaker, other_filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    _send(client, project, PDF)
    [document] = _documents()
    log_in(client, other_filmmaker)
    assert client.get(f"/studio/projets/{project.id}/dossier/{document.id}").status_code == 404
    assert client.get(f"/projets/{project.short_code}/documents/{document.id}").status_code == 404  # a draft
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/studio/").get_data(as_text=True) or "")
    client.post(f"/studio/projets/{project.id}/dossier/{document.id}/supprimer",
                data={"csrf_token": token.group(1) if token else ""})
    assert len(_documents()) == 1


def test_the_live_project_page_lists_its_documents_lightly_and_serves_them_as_attachments(client, filmmaker):
    project = _draft(filmmaker)
    log_in(client, filmmaker)
    _send(client, project, PDF, kind="technical_sheet", title="Fiche technique HD")
    project.status, project.showreel_url = "live", "https://vimeo.com/123456"
    db.session.commit()
    [document] = _documents()
    client.get("/deconnexion")
    page = client.get(f"/projets/{project.short_code}").get_data(as_text=True)
    assert "Fiche technique HD" in page and "Fiche technique · PDF · 1 ko" in page
    assert 'href="https://vimeo.com/123456"' in page
    response = client.get(f"/projets/{project.short_code}/documents/{document.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_budget_template_downloads_and_the_project_form_links_to_it(client, filmmaker):
    log_in(client, filmmaker)
    form = client.get("/studio/projets/nouveau").get_data(as_text=True)
    assert 'href="/studio/modele-budget.csv"' in form and "Télécharger le modèle de budget (CSV)" in form
    response = client.get("/studio/modele-budget.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="budget-previsionnel.csv"'
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "Poste de budget,Montant (FCFA),Notes"
    assert "Tournage" not in lines[0] and "Montage,," in lines and "Imprévus (environ 10 %),," in lines


def test_the_review_card_lists_the_dossier_and_only_an_administrator_downloads_it(app, client):
    from tests.factories import make_user

    filmmaker, admin = make_user("filmmaker"), make_user("admin")
    project = make_project(status="draft", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, filmmaker)
    assert _send(client, project, PDF).status_code == 303
    project.status, project.submitted_at = "submitted", project.created_at
    db.session.commit()
    document = db.session.scalar(select(ProjectDocument))
    link = f"/admin/projets/{project.id}/documents/{document.id}"
    assert client.get(link).status_code in (302, 403, 404)  # the filmmaker is not an administrator
    log_in(client, admin)
    card = client.get("/admin/").get_data(as_text=True)
    assert link in card and "Synopsis court" in card
    got = client.get(link)
    assert got.status_code == 200 and got.data == PDF and got.headers["Content-Disposition"].startswith("attachment")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
