"""Discover page, SMS short-link page and the share-by-SMS link."""
from datetime import timedelta
from urllib.parse import unquote

import pytest

from app.extensions import db
from app.sms.segments import count_segments
from app.timeutil import utcnow
from tests.factories import make_project
from tests.wire import ACCEPT, wire_bytes


@pytest.fixture
def projects(app):
    soon = make_project(code="SOON1", title="Fin proche", ends_at=utcnow() + timedelta(days=2))
    nearly = make_project(code="NEAR1", title="Presque financé", goal=100_000, raised_fcfa=80_000, contributors_count=9)
    fresh = make_project(code="NEW01", title="Tout neuf", went_live_at=utcnow())
    draft = make_project(code="DRAFT1", title="Brouillon secret", status="draft")
    db.session.commit()
    return soon, nearly, fresh, draft


def test_discover_lists_ending_soon_nearly_funded_and_new(client, projects):
    page = client.get("/projets").get_data(as_text=True)
    for heading, title in (("Se termine bientôt", "Fin proche"), ("Presque financés", "Presque financé"),
                           ("Nouveaux projets", "Tout neuf")):
        assert heading in page and title in page
    assert "Brouillon secret" not in page


def test_short_link_page_is_tiny_and_needs_no_script(client, projects, app):
    response = client.get("/p/near1", headers=ACCEPT)
    page = response.get_data()
    assert response.status_code == 200
    html = client.get("/p/NEAR1").get_data(as_text=True)
    assert "<script" not in html and "Presque financé" in html
    css = client.get(app.extensions["assets"].url_for("css/app.css"), headers=ACCEPT)
    assert wire_bytes(response) + wire_bytes(css) <= 10 * 1024, (len(page), wire_bytes(css))


def test_unknown_or_draft_short_link_is_a_clear_404(client, projects):
    for code in ("NOPE", "DRAFT1"):
        response = client.get(f"/p/{code}")
        assert response.status_code == 404 and "Page introuvable" in response.get_data(as_text=True)


def test_share_link_is_one_gsm7_sms_with_the_short_link(client, projects):
    project = make_project(code="LONG01", title="Un très long titre ç" + " de projet" * 15)
    db.session.commit()
    page = client.get("/projets/LONG01").get_data(as_text=True)
    start = page.index('href="sms:?body=') + len('href="sms:?body=')
    text = unquote(page[start:page.index('"', start)].replace("&amp;", "&"))
    segments = count_segments(text)
    assert (segments.encoding, segments.count) == ("gsm7", 1) and len(text) <= 160
    assert text.endswith("/p/LONG01") and text.startswith('Soutenez "Un très long titre c ')  # è is GSM-7, ç is not
    assert project.short_code in text


def test_contributor_list_shows_names_or_anonymous_and_never_phones(client, app):
    from app.funding.models import Contribution
    from app.payments.models import Payment
    from app.timeutil import utcnow

    project = make_project(code="CONTR1")
    shown = Contribution(project_id=project.id, amount_fcfa=2000, display_name="Kafui", message="Courage !",
                         status="succeeded", succeeded_at=utcnow())
    hidden = Contribution(project_id=project.id, amount_fcfa=5000, display_name="Sena Secret", message="Mot privé",
                          is_anonymous=True, status="succeeded", succeeded_at=utcnow())
    pending = Contribution(project_id=project.id, amount_fcfa=700, display_name="Pas encore", status="pending")
    db.session.add_all([shown, hidden, pending])
    db.session.flush()
    for i, contribution in enumerate((shown, hidden)):
        db.session.add(Payment(contribution_id=contribution.id, provider="paygate", method="flooz",
                               phone=f"+2289611223{i}", amount_fcfa=contribution.amount_fcfa, status="succeeded",
                               reference=f"ref{i}", idempotency_key=f"key{i}", short_code=f"code{i}"))
    db.session.commit()
    for page in (client.get("/projets/CONTR1").get_data(as_text=True),):
        assert "Kafui" in page and "Courage !" in page and "anonyme" in page
        assert "Sena Secret" not in page and "Mot privé" not in page and "Pas encore" not in page
        assert "9611223" not in page and "+228" not in page
