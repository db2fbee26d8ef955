"""The payout pages: clear refusals in the reader's language with what was typed kept, and only the
project's team sees them."""
import pytest
from flask import g

from app.extensions import db
from app.payouts import approvals
from app.payouts.errors import PayoutError
from app.payouts.models import Payout, PayoutWallet, Treasurer
from tests.factories import make_user
from tests.wire import ACCEPT, wire_bytes
from tests.payouts.conftest import browser_for, csrf, name_treasurers, new_project, register_wallet


def test_wallet_on_another_network_is_refused_in_french_keeping_what_was_typed(payments_app, team):
    owner = browser_for(payments_app, team["owner"])
    response = register_wallet(owner, "+229 01 97 12 34 56", "flooz", "Afi Mensah")  # an MTN number in Benin
    assert response.status_code == 422
    assert "Ce numéro n’est pas sur le réseau choisi." in response.text
    assert 'value="+229 01 97 12 34 56"' in response.text and 'value="Afi Mensah"' in response.text
    assert db.session.query(PayoutWallet).count() == 0


def test_mtn_number_without_an_account_is_refused(payments_app, simulator, team):
    owner = browser_for(payments_app, team["owner"])
    response = register_wallet(owner, "+229 01 97 12 34 02", "mtn")  # "…02": MTN knows no such wallet
    assert response.status_code == 422 and "MTN MoMo ne connaît aucun portefeuille" in response.text


def test_filmmaker_cannot_be_their_own_treasurer(payments_app, team):
    owner = browser_for(payments_app, team["owner"])
    project = new_project(team, "TRES1", goal=50_000)
    response = name_treasurers(owner, project, team["owner"].phone, team["first"].phone)
    assert response.status_code == 422
    assert "Nommez d’autres membres que vous." in response.text
    assert team["owner"].phone in response.text  # what was typed stays
    assert db.session.query(Treasurer).count() == 0


def test_only_the_team_sees_a_project_payout_page(payments_app, team):
    owner = browser_for(payments_app, team["owner"])
    project = new_project(team, "TRES2", goal=50_000)
    assert name_treasurers(owner, project, team["first"].phone, team["second"].phone).status_code == 303
    page = f"/studio/versements/projets/{project.id}"
    assert browser_for(payments_app, team["first"]).get(page).status_code == 200
    stranger = make_user()
    db.session.commit()
    assert browser_for(payments_app, stranger).get(page).status_code == 404
    g.pop("_login_user", None)
    assert payments_app.test_client().get(page).status_code in (302, 401)
    treasurer = browser_for(payments_app, team["first"])
    assert "tresoriers" not in treasurer.get(page).text  # no form to change them
    team["first"].role = "filmmaker"  # a filmmaker too, for a form (and its token) on the wallet page
    db.session.commit()
    token = csrf(treasurer, "/studio/versements/portefeuille")
    forbidden = treasurer.post(f"{page}/tresoriers", data={"csrf_token": token, "treasurer_1": stranger.phone,
                                                         "treasurer_2": team["second"].phone})
    assert forbidden.status_code == 403


def test_every_project_page_shows_the_platform_fee(payments_app, client, team):
    new_project(team, "FEE1", goal=50_000)
    page = client.get("/projets/FEE1").text
    assert "Karangou garde une commission de 5 %" in page


def test_payout_pages_fit_in_14_kb(payments_app, team):
    owner = browser_for(payments_app, team["owner"])
    project = new_project(team, "BUDG1", goal=50_000)
    db.session.add(Payout(project_id=project.id, reference="r" * 36, raised_fcfa=2_000_000, fee_fcfa=100_000,
                          amount_fcfa=1_900_000, needs_admin=True, phone="+22899123401", network="flooz",
                          holder_name="Afi Mensah", provider="paygate"))
    db.session.add(Treasurer(project_id=project.id, user_id=team["first"].id))
    admin = make_user(role="admin")
    db.session.commit()
    pages = [(owner, f"/studio/versements/projets/{project.id}"), (owner, "/studio/versements/portefeuille"),
             (owner, "/studio/versements/"), (browser_for(payments_app, admin), "/admin/versements")]
    for browser, path in pages:
        response = browser.get(path, headers=ACCEPT)
        assert response.status_code == 200, path
        assert wire_bytes(response) <= 14 * 1024, (path, wire_bytes(response))


def test_an_admin_who_is_a_treasurer_cannot_give_the_admin_approval_too(payments_app, team):
    project = new_project(team, "ADM1", goal=50_000)
    admin = make_user(role="admin")
    payout = Payout(project_id=project.id, reference="a" * 36, raised_fcfa=1_000_000, fee_fcfa=50_000,
                    amount_fcfa=950_000, needs_admin=True, phone="+22899123401", network="flooz",
                    holder_name="Afi Mensah", provider="paygate")
    db.session.add_all([payout, Treasurer(project_id=project.id, user_id=admin.id),
                        Treasurer(project_id=project.id, user_id=team["first"].id)])
    db.session.commit()
    assert approvals.approve(payout.id, admin) is False
    assert approvals.approve(payout.id, team["first"]) is False  # two treasurers, still no administrator
    with pytest.raises(PayoutError, match="extérieur à l’équipe du projet"):
        approvals.approve(payout.id, admin, as_admin=True)
    db.session.rollback()
    assert db.session.get(Payout, payout.id).status == "awaiting_approval"
