"""A funded project's team (a filmmaker and two treasurers) and helpers to drive the payout pages."""
import re
from datetime import timedelta

import httpx
import pytest
from flask import g

from app.extensions import db
from app.funding.cli import close_ended_projects
from app.funding.models import Project
from app.payouts.models import Payout
from app.timeutil import utcnow
from tests.factories import log_in, make_project, make_user
from tests.payments.conftest import drain, pay, payment_for, payments_app, refreshed  # noqa: F401  (fixtures)


@pytest.fixture
def team(payments_app):  # noqa: F811  (the fixture imported above)
    payments_app.config["PAYOUT_CHECK_DELAYS"] = "1,1,1,1,1,1"
    owner = make_user(role="filmmaker", display_name="Réalisatrice")
    first, second = make_user(display_name="Trésorier Un"), make_user(display_name="Trésorière Deux")
    db.session.commit()
    yield {"owner": owner, "first": first, "second": second}
    payments_app.config["PAYOUT_CHECK_DELAYS"] = "5,15,60,300"
    payments_app.config["PAYOUT_ADMIN_THRESHOLD_FCFA"] = 500_000


class Browser:
    """A member's own test client. The tests hold an app context that requests share, and
    Flask-Login keeps the member it loaded in `g`, Flask-WTF the CSRF token it signed: each
    request forgets them, as a real one would."""

    def __init__(self, app, user):
        self.client = app.test_client()
        log_in(self.client, user)

    def get(self, *args, **kwargs):
        _forget_request_state()
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        _forget_request_state()
        return self.client.post(*args, **kwargs)


def _forget_request_state():
    for name in ("_login_user", "csrf_token"):
        g.pop(name, None)


def browser_for(app, user):
    return Browser(app, user)


def csrf(browser, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', browser.get(url).text).group(1)


def post_form(browser, page_url, action_url, **fields):
    data = {"csrf_token": csrf(browser, page_url), **fields}
    return browser.post(action_url, data=data)


def register_wallet(browser, phone, network, holder=""):
    url = "/studio/versements/portefeuille"
    return post_form(browser, url, url, phone=phone, network=network, holder=holder)


def name_treasurers(browser, project, *phones):
    page = f"/studio/versements/projets/{project.id}"
    data = {"csrf_token": csrf(browser, page), **{f"treasurer_{n}": phone for n, phone in enumerate(phones, 1)}}
    return browser.post(f"{page}/tresoriers", data=data)


def approve(browser, project, payout):
    return post_form(browser, f"/studio/versements/projets/{project.id}",
                     f"/studio/versements/{payout.id}/approuver")


def new_project(team, code, goal, funding_model="all_or_nothing"):
    project = make_project(code=code, goal=goal, funding_model=funding_model, owner_id=team["owner"].id)
    db.session.commit()
    return project


def contribute(client, drain, code, amount, phone):  # noqa: F811
    payment = payment_for(pay(client, code, amount, phone=phone))
    assert drain(lambda: refreshed(payment).status == "succeeded")
    return payment


def end(project):
    db.session.get(Project, project.id).ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    return close_ended_projects()


def payout_of(project):
    db.session.expire_all()
    return db.session.query(Payout).filter_by(project_id=project.id).one_or_none()


def ledger_balanced(runner):
    result = runner.invoke(args=["payments", "check-ledger"])
    assert result.exit_code == 0, result.output
    return result.output


def simulator_payouts(simulator):
    return httpx.get(f"{simulator.url}/paygate/payouts", timeout=10).json()


def simulator_transfers(simulator):
    return httpx.get(f"{simulator.url}/mtn/transfers", timeout=10).json()
