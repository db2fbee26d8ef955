"""An early screening: the backers of the film's funded project watch it first, others are told when."""
from datetime import timedelta

import pytest

from app import storage
from app.accounts.models import User
from app.extensions import db
from app.funding.models import Contribution
from app.payments.models import Payment
from app.timeutil import utcnow
from app.watch.models import Rendition
from tests.factories import log_in, make_film, make_project, make_user


@pytest.fixture
def early_film(app):
    """A published film with one (tiny) rendition, reserved to its project's backers for 10 days."""
    owner = make_user("filmmaker")
    film = make_film(title="Avant-première", owner_id=owner.id, video_status="ready", duration_s=3,
                     backers_until=utcnow() + timedelta(days=10))
    key = f"renditions/{film.id}/h264-240.mp4"
    storage.store().put_bytes(key, b"\0" * 1000, "video/mp4")
    db.session.add(Rendition(film_id=film.id, height=240, width=426, video_kbps=200, audio_kbps=32, codec="h264",
                             size_bytes=1000, duration_s=3.0, path=key))
    film.project = make_project(film=film, status="funded", owner_id=owner.id)
    db.session.commit()
    yield film
    storage.store().delete_prefix(f"renditions/{film.id}/")


def _back(project, user=None, phone=None, status="succeeded"):
    contribution = Contribution(project_id=project.id, amount_fcfa=2000, status=status, user_id=user.id if user else None,
                                succeeded_at=utcnow())
    db.session.add(contribution)
    db.session.flush()
    if phone:
        db.session.add(Payment(contribution_id=contribution.id, provider="paygate", method="tmoney", phone=phone,
                               amount_fcfa=2000, status="succeeded", reference=f"r{contribution.id}",
                               idempotency_key=f"k{contribution.id}", short_code=f"s{contribution.id}"))
    db.session.commit()


def _watch(client, film):
    return client.get(f"/films/{film.slug}/regarder")


def _download(client, film):
    return client.get(f"/films/{film.slug}/pour-hors-ligne/h264/240")


def test_visitors_and_members_who_did_not_back_it_are_told_when_it_opens(app, client, early_film):
    page = client.get(f"/films/{early_film.slug}").get_data(as_text=True)
    assert "Avant-première pour les contributeurs de son projet jusqu’au" in page
    response = _watch(client, early_film)
    assert response.status_code == 403 and "/connexion" in response.get_data(as_text=True)
    assert "<video" not in response.get_data(as_text=True)
    assert _download(client, early_film).status_code == 403
    stranger = make_user()
    refunded = make_user()
    _back(early_film.project, refunded, status="refunded")
    log_in(client, stranger)
    assert _watch(client, early_film).status_code == 403
    log_in(client, refunded)
    assert _watch(client, early_film).status_code == 403


def test_backers_signed_in_or_by_the_number_they_paid_with_watch_first(app, client, early_film):
    member, guest = make_user(), make_user(phone="+22892333444")
    _back(early_film.project, member)
    _back(early_film.project, phone="+22892333444")  # paid signed out, from the number they now sign in with
    for user in (member, guest):
        log_in(client, user)
        response = _watch(client, early_film)
        assert response.status_code == 200 and "<video" in response.get_data(as_text=True)
        assert _download(client, early_film).status_code == 302


def test_the_team_watches_during_the_window_and_everyone_after_it(app, client, early_film):
    log_in(client, db.session.get(User, early_film.owner_id))
    assert _watch(client, early_film).status_code == 200
    early_film.backers_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    log_in(client, make_user())
    assert _watch(client, early_film).status_code == 200


def test_the_team_tells_each_backer_once_by_sms(app, client, early_film):
    import re

    from sqlalchemy import select

    from app.sms.models import SmsMessage

    member = make_user(phone="+22893000111")
    _back(early_film.project, member)
    _back(early_film.project, member)  # twice: one SMS
    _back(early_film.project, phone="+22893000222")
    _back(early_film.project, phone="+22893000333", status="refunded")
    log_in(client, db.session.get(User, early_film.owner_id))
    path = f"/studio/films/{early_film.id}"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)
    assert client.post(f"{path}/prevenir-les-contributeurs", data={"csrf_token": token}).status_code == 303
    assert "2 contributeurs recevront un SMS." in client.get(path).get_data(as_text=True)
    client.post(f"{path}/prevenir-les-contributeurs", data={"csrf_token": token})
    assert "déjà été prévenus" in client.get(path).get_data(as_text=True)
    messages = db.session.scalars(select(SmsMessage).order_by(SmsMessage.to_phone)).all()
    assert [m.to_phone for m in messages] == ["+22893000111", "+22893000222"]
    assert messages[0].segments == 1 and messages[0].encoding == "gsm7"
    assert messages[0].body.startswith("Avant-premiere : Avant-première pour vous jusqu'au ")
    assert messages[0].body.endswith(f"/films/{early_film.slug}/regarder")
