"""`flask ops daily-report`: each day's figures computed from the rows, shown in the back office."""
import html
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.funding.models import Contribution
from app.ops import traffic
from app.ops.models import DailyReport
from app.timeutil import utcnow
from app.watch.models import DailyView
from tests.factories import log_in, make_film, make_project, make_user
from tests.wire import ACCEPT, wire_bytes


def _contribution(project, amount, when, status="succeeded"):
    db.session.add(Contribution(project_id=project.id, amount_fcfa=amount, status=status, created_at=when))


def _views(film, day, *viewers):
    db.session.add_all(DailyView(film_id=film.id, viewer_key=key, day=day) for key in viewers)


def test_report_counts_viewings_viewers_contributions_and_tops_per_day(runner):
    now = utcnow()
    today, yesterday = now.date(), now.date() - timedelta(days=1)
    kirikou, tilai = make_film(title="Kirikou"), make_film(title="Tilaï")
    _views(kirikou, today, "u1", "v-aaaaaaaa", "v-bbbbbbbb")
    _views(tilai, today, "u1")
    _views(tilai, yesterday, "u2")
    _views(tilai, today - timedelta(days=31), "u3")  # outside the 30 days
    well, less = make_project(title="Le Griot", code="GRIOT"), make_project(title="Sahel", code="SAHEL")
    _contribution(well, 25_000, now)
    _contribution(well, 5_000, now)
    _contribution(less, 1_500, now)
    _contribution(less, 9_000, now, status="pending")  # not money yet
    _contribution(less, 7_000, now, status="failed")
    _contribution(less, 2_000, now - timedelta(days=1))
    db.session.commit()

    result = runner.invoke(args=["ops", "daily-report"])
    assert result.exit_code == 0, result.output
    assert f"30 day(s) written; {today}: 4 viewing(s), 3 contribution(s), 31500 FCFA" in result.output
    rows = {row.day: row for row in db.session.scalars(select(DailyReport))}
    assert len(rows) == 30
    day = rows[today]
    assert (day.viewings, day.unique_viewers, day.contributions_count, day.contributions_fcfa) == (4, 3, 3, 31_500)
    assert day.top_films == [{"title": "Kirikou", "slug": kirikou.slug, "viewings": 3},
                             {"title": "Tilaï", "slug": tilai.slug, "viewings": 1}]
    assert day.top_projects == [{"title": "Le Griot", "code": "GRIOT", "fcfa": 30_000, "count": 2},
                                {"title": "Sahel", "code": "SAHEL", "fcfa": 1_500, "count": 1}]
    before = rows[yesterday]
    assert (before.viewings, before.unique_viewers, before.contributions_count, before.contributions_fcfa) == (1, 1, 1,
                                                                                                              2_000)
    quiet = rows[today - timedelta(days=10)]
    assert (quiet.viewings, quiet.contributions_fcfa, quiet.top_films, quiet.page_bytes) == (0, 0, [], None)


def test_running_the_report_twice_gives_the_same_rows(runner):
    make_project(code="ONCE")
    db.session.commit()
    runner.invoke(args=["ops", "daily-report", "--days", "3"])
    runner.invoke(args=["ops", "daily-report", "--days", "3"])
    assert db.session.scalar(select(db.func.count()).select_from(DailyReport)) == 3


def test_page_bytes_are_what_left_the_server_that_day(app, client, runner):
    make_film(title="Kirikou")
    db.session.commit()
    today = utcnow().date()
    already = traffic.counted(app, [today]).get(("page", today), 0)
    pages = [client.get("/", headers=ACCEPT), client.get("/films", headers=ACCEPT)]
    assert all(page.headers["Content-Encoding"] == "br" for page in pages)
    client.get("/healthz")  # a probe is not counted
    runner.invoke(args=["ops", "daily-report", "--days", "1"])
    row = db.session.get(DailyReport, today)
    assert row.page_bytes == already + sum(len(page.get_data()) for page in pages)  # compressed, as sent
    assert row.video_bytes in (None, traffic.counted(app, [today]).get(("video", today)))


def test_video_bytes_are_those_streamed(app, client, runner, playable_film):
    today = utcnow().date()
    already = traffic.counted(app, [today]).get(("video", today), 0)
    page = client.get(f"/films/{playable_film.slug}/regarder").get_data(as_text=True)
    link = page.split('src="/v/', 1)[1].split('"', 1)[0]
    streamed = client.get(html.unescape(f"/v/{link}"), headers={"Range": "bytes=0-9999"})
    assert streamed.status_code == 206
    streamed.close()
    runner.invoke(args=["ops", "daily-report", "--days", "1"])
    assert db.session.get(DailyReport, today).video_bytes == already + 10_000


def test_admin_sees_the_report_within_14_kb(app, client, runner):
    for n in range(5):
        project = make_project(title=f"Un projet au titre assez long numéro {n}", code=f"LONG{n}")
        _contribution(project, 1_000_000 + n, utcnow())
        film = make_film(title=f"Un film au titre assez long numéro {n}")
        _views(film, utcnow().date(), *[f"v-{n}-{i:08d}" for i in range(n + 1)])
    admin = make_user("admin")
    db.session.commit()
    runner.invoke(args=["ops", "daily-report"])
    log_in(client, admin)
    response = client.get("/admin/rapport", headers=ACCEPT)
    assert response.status_code == 200
    page = client.get("/admin/rapport").get_data(as_text=True)
    assert "Rapport quotidien" in page and "Projets les mieux financés" in page
    assert "1 000 004" in page.replace("\u202f", " ").replace("\xa0", " ")
    assert wire_bytes(response) <= 14 * 1024, wire_bytes(response)
    assert client.get("/admin/rapport?jour=nimporte").status_code == 200


def test_report_is_for_admins_only(client):
    member = make_user("viewer")
    db.session.commit()
    assert client.get("/admin/rapport").status_code == 403
    log_in(client, member)
    assert client.get("/admin/rapport").status_code == 403
