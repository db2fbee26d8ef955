"""What a filmmaker sees about their own films and projects, and nobody else's."""
from datetime import date, timedelta

from app.extensions import db
from app.funding.models import Contribution
from app.payments.models import Payment
from app.timeutil import utcnow
from app.watch.models import DailyView, Viewing
from tests.factories import log_in, make_project


def test_film_page_shows_viewers_per_day_and_completion(app, client, filmmaker, own_film):
    own_film.duration_s = 100
    today = date.today()
    db.session.add_all([DailyView(film_id=own_film.id, viewer_key=f"v{i}", day=today - timedelta(days=i % 3))
                        for i in range(7)])
    db.session.add_all([Viewing(viewer_key="v1", film_id=own_film.id, position_s=50),
                        Viewing(viewer_key="v2", film_id=own_film.id, position_s=100, completed=True)])
    db.session.commit()
    log_in(client, filmmaker)
    page = client.get(f"/studio/films/{own_film.id}").get_data(as_text=True)
    assert "7 spectateurs sur les 30 derniers jours" in page
    assert "regardé à 75 % en moyenne" in page
    assert page.count("<rect ") == 30


def test_contributors_csv_gives_the_contact_only_to_deliver_a_reward(app, client, filmmaker):
    project = make_project(owner_id=filmmaker.id, rewards=[("Affiche", 5000, 10)])
    named = Contribution(project_id=project.id, amount_fcfa=5000, display_name="Kafui", status="succeeded",
                         succeeded_at=utcnow(), reward_id=project.rewards[0].id)
    hidden = Contribution(project_id=project.id, amount_fcfa=1000, display_name="Sena", is_anonymous=True,
                          status="succeeded", succeeded_at=utcnow(), message="=HYPERLINK(1)")
    failed = Contribution(project_id=project.id, amount_fcfa=9000, display_name="Ama", status="failed")
    db.session.add_all([named, hidden, failed])
    db.session.flush()
    db.session.add(Payment(contribution_id=named.id, provider="paygate", method="flooz", phone="+22896112233",
                           amount_fcfa=5000, status="succeeded", reference="r1", idempotency_key="k1", short_code="s1"))
    db.session.add(Payment(contribution_id=hidden.id, provider="paygate", method="flooz", phone="+22896445566",
                           amount_fcfa=1000, status="succeeded", reference="r2", idempotency_key="k2", short_code="s2"))
    db.session.commit()
    log_in(client, filmmaker)
    response = client.get(f"/studio/projets/{project.id}/contributeurs.csv")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "name,amount_fcfa,reward,date,message,reward_delivered,phone,email"
    today = utcnow().date().isoformat()
    assert sorted(lines[1:]) == [f"Kafui,5000,Affiche,{today},,no,'+22896112233,",
                                 f"anonyme,1000,,{today},'=HYPERLINK(1),,,"]
    assert "96445566" not in response.get_data(as_text=True)  # no reward: no reason to call


def test_every_studio_route_hides_other_filmmakers_work(app, client, filmmaker, other_filmmaker, own_film):
    project = make_project(owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, other_filmmaker)
    for path in (f"/studio/films/{own_film.id}", f"/studio/projets/{project.id}",
                 f"/studio/projets/{project.id}/contributeurs.csv"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/studio/films/{own_film.id}/soumettre").status_code in (400, 404)
    dashboard = client.get("/studio/").get_data(as_text=True)
    assert own_film.title not in dashboard and project.title not in dashboard


def test_studio_pages_are_never_cached(app, client, filmmaker, own_film):
    log_in(client, filmmaker)
    for path in ("/studio/", f"/studio/films/{own_film.id}"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store"


def test_contributors_csv_cells_never_start_a_formula(app, client, filmmaker):
    import csv
    import io

    project = make_project(owner_id=filmmaker.id, rewards=[("@Affiche", 5000, 10)])
    typed = ["=HYPERLINK(\"http://x\",\"Merci\")", "+22890", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "Kafui - Lomé"]
    db.session.add_all([Contribution(project_id=project.id, amount_fcfa=5000 + i, display_name=name,
                                     status="succeeded", succeeded_at=utcnow(), reward_id=project.rewards[0].id)
                        for i, name in enumerate(typed)])
    db.session.commit()
    log_in(client, filmmaker)
    text = client.get(f"/studio/projets/{project.id}/contributeurs.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert sorted(row[0] for row in rows) == sorted(["'" + name for name in typed[:-1]] + ["Kafui - Lomé"])
    assert {row[2] for row in rows} == {"'@Affiche"} and {row[1] for row in rows} == {str(5000 + i) for i in range(7)}
