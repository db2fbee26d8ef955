"""The dossier's pages, in French and English, under the page budgets."""
import re

import pytest

from app import storage
from app.extensions import db
from app.i18n import COOKIE
from tests.factories import log_in, make_project, make_user
from tests.studio.test_documents import PDF, _send
from tests.studio.test_pitch import _ready_pitch
from tests.wire import ACCEPT, wire_bytes

KB = 1024


@pytest.fixture
def live_project_with_dossier(client, filmmaker):
    project = make_project(status="draft", owner_id=filmmaker.id, title="Le puits", synopsis="Un village. " * 40,
                           showreel_url="https://vimeo.com/1")
    db.session.commit()
    log_in(client, filmmaker)
    for kind in ("synopsis", "technical_sheet", "budget", "other"):
        _send(client, project, PDF, kind=kind, title=f"Document {kind}")
    project.status = "live"
    db.session.commit()
    pitch = _ready_pitch(project)
    yield project
    for prefix in (f"renditions/{pitch.id}/", "documents/"):
        storage.store().delete_prefix(prefix)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_dossier_pages_fit_in_14_kb_in_both_languages(client, filmmaker, live_project_with_dossier, language):
    project = live_project_with_dossier
    admin = make_user("admin", display_name="Awa")
    db.session.commit()
    filmmaker.locale = admin.locale = language
    db.session.commit()
    client.set_cookie(COOKIE, language)
    pages = {f"/projets/{project.short_code}": ("Presentation video", "Vidéo de présentation"),
             f"/studio/projets/{project.id}/dossier": ("Documents", "Documents"),
             "/studio/identite": ("Creator check", "Vérification du créateur"),
             "/studio/projets/nouveau": ("Download the budget template (CSV)", "Télécharger le modèle de budget (CSV)")}
    for path, (english, french) in pages.items():
        response = client.get(path, headers=ACCEPT)
        assert response.status_code == 200 and wire_bytes(response) <= 14 * KB, (path, wire_bytes(response))
        assert (english if language == "en" else french) in client.get(path).get_data(as_text=True), path
    log_in(client, admin)
    response = client.get("/admin/createurs", headers=ACCEPT)
    assert response.status_code == 200 and wire_bytes(response) <= 14 * KB
    assert ("Creator checks" if language == "en" else "Vérifications des créateurs") in client.get(
        "/admin/createurs").get_data(as_text=True)


def test_the_project_forms_scripts_fit_in_20_kb(client, filmmaker):
    log_in(client, filmmaker)
    page = client.get("/studio/projets/nouveau").get_data(as_text=True)
    scripts = [client.get(src, headers=ACCEPT) for src in re.findall(r'<script src="([^"]+)"', page)]
    assert any("autosave" in r.request.path for r in scripts)
    assert sum(wire_bytes(r) for r in scripts) <= 20 * KB
