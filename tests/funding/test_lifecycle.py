"""Draft → submitted → live → funded or not, with the right people acting at each step."""
from datetime import timedelta

import pytest

from app.accounts.models import User
from app.extensions import db
from app.funding import lifecycle
from app.funding.cli import close_ended_projects
from app.funding.models import Contribution
from app.timeutil import utcnow
from tests.factories import make_project


@pytest.fixture
def people(app):
    owner = User(phone="+22890000001", role="filmmaker", display_name="Afi")
    other = User(phone="+22890000002", role="filmmaker", display_name="Kossi")
    admin = User(phone="+22890000003", role="admin", display_name="Admin")
    db.session.add_all([owner, other, admin])
    db.session.flush()
    return owner, other, admin


def _draft(owner):
    return make_project(status="draft", owner_id=owner.id, pitch="Une équipe de Lomé tourne son deuxième film.",
                        synopsis="Une histoire de famille et de marché. " * 5, goal=2_000_000)


def test_project_goes_from_draft_to_live(people):
    owner, _other, admin = people
    project = _draft(owner)
    lifecycle.submit(project, owner)
    assert project.status == "submitted" and project.submitted_at
    lifecycle.approve(project, admin)
    assert project.status == "live" and project.went_live_at


def test_admin_can_send_a_project_back_with_comments(people):
    owner, _other, admin = people
    project = _draft(owner)
    lifecycle.submit(project, owner)
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.send_back(project, admin, "  ")
    lifecycle.send_back(project, admin, "Précisez le budget du tournage.")
    assert project.status == "changes_requested" and project.review_comment == "Précisez le budget du tournage."
    assert lifecycle.can_edit(project, owner)
    lifecycle.submit(project, owner)
    assert project.status == "submitted"


def test_only_the_owner_submits_and_only_admins_review(people):
    owner, other, admin = people
    project = _draft(owner)
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.submit(project, other)
    lifecycle.submit(project, owner)
    for not_admin in (owner, other):
        with pytest.raises(lifecycle.LifecycleError):
            lifecycle.approve(project, not_admin)
    assert not lifecycle.can_edit(project, other)


def test_incomplete_project_cannot_be_submitted(people):
    owner, _other, _admin = people
    project = make_project(status="draft", owner_id=owner.id, pitch="Court", synopsis="", goal=5_000)
    with pytest.raises(lifecycle.LifecycleError) as error:
        lifecycle.submit(project, owner)
    assert "synopsis" in str(error.value) and "10 000 FCFA" in str(error.value)  # French outside a request
    assert project.status == "draft"


def _paid(project, amount):
    contribution = Contribution(project_id=project.id, amount_fcfa=amount, status="succeeded")
    db.session.add(contribution)
    project.raised_fcfa += amount
    project.contributors_count += 1
    db.session.flush()
    return contribution


def test_ended_project_that_reached_its_goal_is_funded(people):
    project = make_project(goal=10_000, ends_at=utcnow() - timedelta(minutes=1))
    _paid(project, 12_000)
    db.session.commit()
    [(closed, refunds)] = close_ended_projects()
    assert closed.status == "funded" and refunds == []


def test_flexible_project_that_missed_its_goal_keeps_the_money(people):
    project = make_project(goal=100_000, funding_model="flexible", ends_at=utcnow() - timedelta(minutes=1))
    _paid(project, 5_000)
    db.session.commit()
    [(closed, refunds)] = close_ended_projects()
    assert closed.status == "not_funded" and refunds == [] and closed.raised_fcfa == 5_000


def test_all_or_nothing_project_that_missed_its_goal_refunds_everyone(people):
    project = make_project(goal=100_000, funding_model="all_or_nothing", ends_at=utcnow() - timedelta(minutes=1))
    paid = [_paid(project, 5_000), _paid(project, 2_000)]
    db.session.commit()
    [(closed, refunds)] = close_ended_projects()
    assert closed.status == "not_funded"
    assert sorted(c.id for c in refunds) == sorted(c.id for c in paid)
    assert {c.status for c in refunds} == {"refund_pending"}
    assert (closed.raised_fcfa, closed.contributors_count) == (0, 0)
    assert close_ended_projects() == []  # running again does nothing more


def test_live_project_before_its_date_stays_live(people):
    make_project(ends_at=utcnow() + timedelta(days=3))
    db.session.commit()
    assert close_ended_projects() == []
