"""`flask ops alerts`: one e-mail and one SMS per recipient when a check starts failing, one
more when it clears, nothing while it goes on."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail.models import EmailMessage
from app.ops.models import Incident
from app.payments.models import Payment
from app.sms.models import SmsMessage
from app.timeutil import utcnow
from tests.conftest import make_test_app
from tests.factories import make_user

QUIET = {"ALERT_DB_MS": 60_000}  # a loaded test machine must not raise a database alert of its own


@pytest.fixture
def settings(app):
    """Changes settings of the session app for one test and puts them back."""
    saved = {}

    def change(**values):
        for name, value in values.items():
            saved.setdefault(name, app.config.get(name))
            app.config[name] = value

    yield change
    app.config.update(saved)


@pytest.fixture
def admin(app):
    user = make_user("admin", phone="+22890112233", email="veille@karangou.example", display_name="Awa")
    make_user("admin", phone="+22890112244", disabled_at=utcnow())  # disabled: told nothing
    db.session.commit()
    return user


def outboxes():
    db.session.expire_all()
    mails = db.session.scalars(select(EmailMessage).where(EmailMessage.kind.like("alert:%"))
                               .order_by(EmailMessage.id)).all()
    texts = db.session.scalars(select(SmsMessage).where(SmsMessage.kind.like("alert:%"))
                               .order_by(SmsMessage.id)).all()
    return mails, texts


def alerts(runner):
    result = runner.invoke(args=["ops", "alerts"])
    assert result.exit_code == 0, result.output
    return dict(line.split(": ", 1) for line in result.output.strip().splitlines())


def test_disk_alert_is_sent_once_and_its_recovery_once(runner, admin, settings):
    settings(**QUIET, ALERT_DISK_PERCENT=0)
    first = alerts(runner)
    assert first["disk"].startswith("raised disque des médias plein à")
    assert all(state.startswith("ok") for name, state in first.items() if name != "disk"), first
    alerts(runner)
    assert alerts(runner)["disk"].startswith("ongoing")
    mails, texts = outboxes()
    assert [(m.to_address, m.subject) for m in mails] == [
        ("veille@karangou.example", "[Karangou] ALERTE Espace disque / Disk space alert")]
    assert [t.to_phone for t in texts] == ["+22890112233"]
    assert texts[0].body.startswith("Karangou ALERTE Espace disque : disque des médias plein à")
    assert texts[0].body.endswith("% (seuil 0 %)") and texts[0].segments == 1

    settings(ALERT_DISK_PERCENT=100)
    assert alerts(runner)["disk"].startswith("cleared")
    assert alerts(runner)["disk"].startswith("ok")
    mails, texts = outboxes()
    assert len(mails) == 2 and len(texts) == 2
    assert mails[1].subject == "[Karangou] RÉTABLI Espace disque / Disk space recovered"
    assert texts[1].body.startswith("Karangou RETABLI Espace disque apres 1 min : disque des médias plein à")
    incident = db.session.scalars(select(Incident)).one()
    assert incident.check_name == "disk" and incident.cleared_at is not None


def test_a_new_incident_after_recovery_is_told_again(runner, admin, settings):
    for threshold in (0, 100, 0):
        settings(**QUIET, ALERT_DISK_PERCENT=threshold)
        alerts(runner)
    mails, texts = outboxes()
    assert [m.kind.rsplit(":", 1)[1] for m in mails] == ["raised", "cleared", "raised"]
    assert len(texts) == 3


def test_alert_settings_replace_the_admins(runner, admin, settings):
    settings(ALERT_DB_MS=0, ALERT_EMAILS="ops@karangou.example, astreinte@karangou.example",
             ALERT_PHONES="+22891000001")
    assert alerts(runner)["database"].startswith("raised aller-retour base de données")
    mails, texts = outboxes()
    assert sorted(m.to_address for m in mails) == ["astreinte@karangou.example", "ops@karangou.example"]
    assert [t.to_phone for t in texts] == ["+22891000001"]
    assert mails[0].subject == "[Karangou] ALERTE Base de données / Database alert"


def test_payment_open_past_its_window_raises_an_alert(runner, admin, settings):
    settings(**QUIET)
    db.session.add(Payment(provider="paygate", method="flooz", phone="+22890000003", amount_fcfa=2000,
                           status="awaiting_payer", reference="r-stuck", idempotency_key="k-stuck",
                           short_code="s-stuck", created_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert alerts(runner)["payments"] == "raised 1 paiement(s) ouverts depuis plus de 20 min"
    _mails, texts = outboxes()
    assert "+22890000003" not in texts[0].body


def test_streaming_alert_when_a_rendition_file_is_damaged(runner, admin, settings, app, media_backend, playable_film):
    settings(**QUIET)
    assert alerts(runner)["streaming"] == "ok lecture vidéo correcte"
    rendition = max(playable_film.renditions, key=lambda r: r.id)  # the one the check reads
    media_backend.put_bytes(rendition.path, b"\0" * 16 + media_backend.read(rendition.path)[16:])
    assert alerts(runner)["streaming"] == "raised lecture vidéo : le fichier n'est pas une vidéo MP4"
    media_backend.delete(rendition.path)
    # A file gone from storage: the stream view answers 404 (and logs it), and the check says so.
    assert alerts(runner)["streaming"] == "ongoing lecture vidéo : le lien répond 404"


def test_alerts_exit_2_when_the_database_is_unreachable(tmp_path):
    # Without the session app's context, which the CLI runner would otherwise reuse.
    broken = make_test_app("postgresql://nobody@127.0.0.1:9/none", str(tmp_path))
    result = broken.test_cli_runner().invoke(args=["ops", "alerts"])
    assert result.exit_code == 2
    assert "database unreachable" in result.output


def test_a_job_waiting_too_long_raises_a_queue_alert(runner, admin, settings, app):
    from app import jobs

    settings(**QUIET, ALERT_QUEUE_AGE_SECONDS=0)
    assert alerts(runner)["queue_default"].startswith("ok file default : 0 tâche(s)")
    jobs.queue(app).enqueue("app.jobs.run_job", "app.ops.report.latest")  # left waiting: no worker runs
    assert alerts(runner)["queue_default"].startswith("raised file default : 1 tâche(s)")
    assert alerts(runner)["queue_transcode"].startswith("ok")
