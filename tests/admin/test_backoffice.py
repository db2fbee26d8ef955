"""Review queue, featured films, members, moderation: each action in the audit log."""
import pytest
from sqlalchemy import select

from app.accounts.models import Comment, User
from app.admin.models import AuditEntry
from app.extensions import db
from tests.factories import approve_creator, log_in, make_film, make_project


def _log(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    yield
    app.config["WTF_CSRF_ENABLED"] = True


def test_admin_approves_a_submitted_project_and_it_is_logged(client, admin, filmmaker, no_csrf):
    project = make_project(status="submitted", owner_id=filmmaker.id)
    approve_creator(filmmaker)
    db.session.commit()
    log_in(client, admin)
    assert project.title in client.get("/admin/").get_data(as_text=True)
    response = client.post(f"/admin/projets/{project.id}/decision", data={"decision": "approve", "confirmed": "1"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(type(project), project.id).status == "live"
    [entry] = _log("project.approve")
    assert (entry.admin_id, entry.target_type, entry.target_id) == (admin.id, "project", project.id)
    assert entry.created_at is not None


def test_sending_back_needs_a_comment(client, admin, filmmaker, no_csrf):
    project = make_project(status="submitted", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, admin)
    client.post(f"/admin/projets/{project.id}/decision", data={"decision": "send_back", "comment": "", "confirmed": "1"})
    db.session.expire_all()
    assert db.session.get(type(project), project.id).status == "submitted" and _log("project.send_back") == []
    client.post(f"/admin/projets/{project.id}/decision", data={"decision": "send_back", "comment": "Budget ?", "confirmed": "1"})
    db.session.expire_all()
    assert db.session.get(type(project), project.id).review_comment == "Budget ?"
    assert [e.detail for e in _log("project.send_back")] == ["Budget ?"]


def test_film_is_published_only_with_a_ready_video(client, admin, filmmaker, no_csrf):
    film = make_film(status="in_review", owner_id=filmmaker.id, video_status="processing")
    db.session.commit()
    log_in(client, admin)
    client.post(f"/admin/films/{film.id}/decision", data={"decision": "approve", "confirmed": "1"})
    db.session.expire_all()
    assert db.session.get(type(film), film.id).status == "in_review"
    db.session.get(type(film), film.id).video_status = "ready"
    db.session.commit()
    client.post(f"/admin/films/{film.id}/decision", data={"decision": "approve", "confirmed": "1"})
    db.session.expire_all()
    assert db.session.get(type(film), film.id).status == "published" and len(_log("film.approve")) == 1


def test_featuring_roles_disabling_and_hiding_are_all_logged(client, admin, filmmaker, no_csrf):
    film = make_film()
    viewer = User(phone="+22870000001", role="viewer")
    db.session.add(viewer)
    db.session.flush()
    comment = Comment(user_id=viewer.id, film_id=film.id, body="Bof", reports_count=2)
    db.session.add(comment)
    db.session.commit()
    log_in(client, admin)
    client.post(f"/admin/films/{film.id}/une", data={"featured": "1"})
    client.post(f"/admin/membres/{viewer.id}", data={"role": "filmmaker"})
    client.post(f"/admin/membres/{viewer.id}", data={"disabled": "1", "confirmed": "1"})
    client.post(f"/admin/commentaires/{comment.id}", data={"hidden": "1"})
    client.post(f"/admin/membres/{viewer.id}", data={"role": "admin"})  # refused: admins come from the CLI
    db.session.expire_all()
    assert db.session.get(type(film), film.id).is_featured
    user = db.session.get(User, viewer.id)
    assert user.role == "filmmaker" and user.disabled_at is not None
    assert db.session.get(Comment, comment.id).status == "hidden"
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["film.feature", "user.role", "user.disable", "comment.hide"]
    log = client.get("/admin/journal").get_data(as_text=True)
    assert "Awa (admin)" in log and "Compte désactivé" in log and "user.disable" not in log
    csv_text = client.get("/admin/journal?format=csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "when,admin,action,target,detail" and "comment:" in csv_text


def test_viewers_and_filmmakers_cannot_reach_admin_pages(client, filmmaker):
    for path in ("/admin/", "/admin/membres", "/admin/commentaires", "/admin/journal", "/admin/films"):
        assert client.get(path).status_code in (401, 403), path
        log_in(client, filmmaker)
        assert client.get(path).status_code == 403, path
        client.get("/")  # keeps the session


def test_audit_log_export_runs_no_formula_from_what_was_typed(client, admin, filmmaker, no_csrf):
    film = make_film(status="in_review", owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, admin)
    client.post(f"/admin/films/{film.id}/decision", data={"decision": "reject", "comment": "=HYPERLINK(\"x\")",
                                                            "confirmed": "1"})
    assert [e.detail for e in _log("film.reject")] == ['=HYPERLINK("x")']  # stored as typed
    import csv

    [_, row] = list(csv.reader(client.get("/admin/journal?format=csv").get_data(as_text=True).splitlines()))
    assert row[4] == "'=HYPERLINK(\"x\")"
