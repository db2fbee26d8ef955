"""Followers get a project's news by SMS: updates, 50 % and 100 %, the end; each once."""
import re
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.funding import news
from app.funding.cli import close_ended_projects
from app.funding.models import ProjectFollower, ProjectUpdate
from app.sms.models import SmsMessage
from app.sms.segments import count_segments
from app.timeutil import utcnow
from tests.factories import log_in, make_project


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _sms(kind="news:%"):
    """The SMS sent, news only unless asked (each new follower also gets a first SMS)."""
    db.session.expire_all()
    return db.session.scalars(select(SmsMessage).where(SmsMessage.kind.like(kind)).order_by(SmsMessage.id)).all()


def test_visitor_follows_with_a_typed_number_once(app, client):
    project = make_project(code="FOLLOW1")
    db.session.commit()
    token = _token(client, "/projets/FOLLOW1")
    for typed in ("90 11 22 33", "+228 90112233"):
        assert client.post("/projets/FOLLOW1/suivre", data={"phone": typed, "csrf_token": token}).status_code == 303
    assert db.session.scalars(select(ProjectFollower.phone)).all() == ["+22890112233"]
    page = client.get("/projets/FOLLOW1").get_data(as_text=True)
    assert "vous recevrez les nouvelles de ce projet par SMS" in page
    assert project.id


def test_wrong_number_is_refused_and_given_back(app, client):
    make_project(code="FOLLOW2")
    db.session.commit()
    token = _token(client, "/projets/FOLLOW2")
    client.post("/projets/FOLLOW2/suivre", data={"phone": "12", "csrf_token": token})
    page = client.get("/projets/FOLLOW2").get_data(as_text=True)
    assert "Indiquez un numéro de mobile" in page and 'value="12"' in page
    assert db.session.scalars(select(ProjectFollower)).all() == []


def test_team_news_reaches_each_follower_once(app, client, run_jobs):
    owner = User(phone="+22890000001", role="filmmaker")
    db.session.add(owner)
    db.session.flush()
    project = make_project(owner_id=owner.id, title="Saison des pluies")
    for phone in ("+22890112233", "+22896112233"):
        news.follow(project, phone)
    db.session.commit()
    log_in(client, owner)
    token = _token(client, f"/studio/projets/{project.id}")
    response = client.post(f"/studio/projets/{project.id}/nouvelles",
                           data={"title": "Premier jour de tournage", "body": "Tout va bien.", "csrf_token": token})
    assert response.status_code == 303
    run_jobs()
    run_jobs()
    messages = _sms()
    assert sorted(m.to_phone for m in messages) == ["+22890112233", "+22896112233"]
    assert all(m.status == "sent" for m in messages)
    text = messages[0].body
    assert text.startswith("Saison des pluies : Premier jour de tournage.") and text.endswith(f"/p/{project.short_code}")
    assert count_segments(text).count == 1 and count_segments(text).encoding == "gsm7"
    news.send_news(project.id, "update", db.session.scalar(select(ProjectUpdate.id)))  # the job, run again
    assert len(_sms()) == 2


def test_milestones_are_announced_once_each(app, run_jobs):
    project = make_project(goal=100_000)
    news.follow(project, "+22890112233")
    project.raised_fcfa = 40_000
    db.session.commit()
    news.check_milestone(project.id)
    db.session.commit()
    assert _sms() == [] and run_jobs() and _sms() == []
    project.raised_fcfa = 55_000
    db.session.commit()
    news.check_milestone(project.id)
    news.check_milestone(project.id)
    db.session.commit()
    run_jobs()
    project.raised_fcfa = 120_000
    db.session.commit()
    news.check_milestone(project.id)
    db.session.commit()
    run_jobs()
    bodies = [m.body for m in _sms()]
    assert len(bodies) == 2 and "moitie" in bodies[0] and "100 %" in bodies[1]


def test_the_end_is_announced(app, run_jobs):
    project = make_project(goal=10_000, raised_fcfa=12_000, contributors_count=1, ends_at=utcnow() - timedelta(minutes=1))
    news.follow(project, "+22890112233")
    db.session.commit()
    close_ended_projects()
    run_jobs()
    [message] = _sms()
    assert "objectif atteint" in message.body


def test_follower_stops_with_the_same_number(app, client):
    make_project(code="FOLLOW3")
    db.session.commit()
    token = _token(client, "/projets/FOLLOW3")
    client.post("/projets/FOLLOW3/suivre", data={"phone": "90 11 22 34", "csrf_token": token})
    response = client.post("/projets/FOLLOW3/ne-plus-suivre", data={"phone": "+228 90 11 22 34", "csrf_token": token})
    assert response.status_code == 303
    assert db.session.scalars(select(ProjectFollower)).all() == []
    assert "ce numéro ne recevra plus les nouvelles" in client.get("/projets/FOLLOW3").get_data(as_text=True)


def test_a_new_followers_first_sms_says_how_to_stop(app, client, run_jobs):
    make_project(code="FOLLOW4", title="Le long voyage de Kodjo vers la mer, un film en trois saisons")
    db.session.commit()
    token = _token(client, "/projets/FOLLOW4")
    for _ in range(2):
        client.post("/projets/FOLLOW4/suivre", data={"phone": "90 11 22 35", "csrf_token": token})
    run_jobs()
    [first] = _sms("follow:%")
    assert first.to_phone == "+22890112235" and first.status == "sent"
    assert first.body.startswith("Vous suivez Le long voyage de Kodjo")
    assert first.body.endswith("Pour arreter : http://127.0.0.1:5000/projets/FOLLOW4#suivre")
    assert count_segments(first.body).count == 1 and count_segments(first.body).encoding == "gsm7"
    assert "Ne plus suivre" in client.get("/projets/FOLLOW4").get_data(as_text=True)  # where the link leads


def test_a_number_is_signed_up_three_times_a_day_at_most(app, client):
    for n in range(4):
        make_project(code=f"LIMIT{n}")
    db.session.commit()
    token = _token(client, "/projets/LIMIT0")
    for n in range(3):
        assert client.post(f"/projets/LIMIT{n}/suivre", data={"phone": "90 11 22 36", "csrf_token": token}).status_code == 303
    refused = client.post("/projets/LIMIT3/suivre", data={"phone": "+228 90 11 22 36", "csrf_token": token})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 24 * 3600
    assert "Ce numéro a été inscrit trop de fois aux nouvelles aujourd&#39;hui" in page
    assert re.search(r"réessayez dans (\d+\sheures|1\sjour)\.", page) and 'value="+228 90 11 22 36"' in page
    assert len(_sms("follow:%")) == 3 and db.session.query(ProjectFollower).count() == 3
    client.set_cookie("lang", "en")
    page = client.post("/projets/LIMIT3/suivre", data={"phone": "90112236", "csrf_token": token}).get_data(as_text=True)
    assert re.search(r"too many times today. To protect its owner, try again in (\d+\shours|1\sday)\.", page)


def test_one_address_cannot_sign_up_strangers_in_bulk(app, client):
    make_project(code="BULK1")
    db.session.commit()
    token = _token(client, "/projets/BULK1")
    answers = [client.post("/projets/BULK1/suivre", data={"phone": f"90{n:06d}", "csrf_token": token}).status_code
               for n in range(101)]
    assert answers == [303] * 100 + [429]
    page = client.post("/projets/BULK1/suivre", data={"phone": "91000000", "csrf_token": token}).get_data(as_text=True)
    assert re.search(r"Trop d&#39;inscriptions aux nouvelles depuis cette connexion. Réessayez dans \d+\s(minutes?|heures?)", page)
    assert db.session.query(ProjectFollower).count() == 100
    other = client.post("/projets/BULK1/suivre", data={"phone": "91000000", "csrf_token": token},
                        environ_base={"REMOTE_ADDR": "10.20.30.40"})
    assert other.status_code == 303  # another connection is counted apart
