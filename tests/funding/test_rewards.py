"""Rewards delivered: the team marks them one by one or in bulk, the contributor sees it, and
the "name in the credits" reward gives the list of names."""
import re


from app.extensions import db
from app.funding.models import Contribution
from app.payments.models import Payment
from app.timeutil import utcnow
from tests.factories import log_in, make_project, make_user

_n = iter(range(1, 10_000))


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _contribution(project, name, reward=None, status="succeeded", phone=None, user=None, anonymous=False):
    contribution = Contribution(project_id=project.id, amount_fcfa=5000, display_name=name, status=status,
                                succeeded_at=utcnow() if status == "succeeded" else None,
                                reward_id=reward.id if reward else None, user_id=user.id if user else None,
                                is_anonymous=anonymous)
    db.session.add(contribution)
    db.session.flush()
    n = next(_n)
    db.session.add(Payment(contribution_id=contribution.id, provider="paygate", method="flooz",
                           phone=phone or f"+2289{n:07d}", amount_fcfa=5000,
                           status="succeeded" if status == "succeeded" else "failed",
                           reference=f"ref-{n}", idempotency_key=f"key-{n}", short_code=f"pay{n}"))
    db.session.flush()
    return contribution


def _rewarded_project(filmmaker):
    project = make_project(owner_id=filmmaker.id, status="funded",
                           rewards=[("Votre nom au générique", 2000, None), ("Affiche signée", 5000, 20)])
    credit, poster = sorted(project.rewards, key=lambda r: r.min_amount_fcfa)
    return project, credit, poster


def _mark(client, project, data, query=""):
    path = f"/studio/projets/{project.id}/contreparties"
    return client.post(path + query, data={**data, "csrf_token": _token(client, path)})


def test_the_team_marks_one_reward_then_the_ticked_ones_then_all(app, client, filmmaker):
    project, credit, poster = _rewarded_project(filmmaker)
    owed = [_contribution(project, name, poster) for name in ("Kafui", "Sena", "Ama", "Yao")]
    no_reward = _contribution(project, "Edem")
    failed = _contribution(project, "Kodjo", poster, status="failed")
    other = _contribution(make_project(rewards=[("Affiche", 5000, None)]), "Autre", poster)
    db.session.commit()
    log_in(client, filmmaker)
    page = client.get(f"/studio/projets/{project.id}/contreparties").get_data(as_text=True)
    assert "0 sur 4 remises" in page and "Edem" not in page and "Kodjo" not in page
    assert _mark(client, project, {"one": str(owed[0].id)}).status_code == 303
    _mark(client, project, {"id": [str(owed[1].id), str(no_reward.id), str(failed.id), str(other.id), "x"]})
    db.session.expire_all()
    assert [c.reward_delivered_at is not None for c in owed] == [True, True, False, False]
    assert (no_reward.reward_delivered_at, failed.reward_delivered_at, other.reward_delivered_at) == (None, None, None)
    page = client.get(f"/studio/projets/{project.id}/contreparties").get_data(as_text=True)
    assert "2 sur 4 remises" in page and "1 contrepartie marquée remise." in page
    _mark(client, project, {"all": "yes"})
    _mark(client, project, {"one": str(owed[3].id)}, "?delivered=no")
    db.session.expire_all()
    assert [c.reward_delivered_at is not None for c in owed] == [True, True, True, False]
    csv_text = client.get(f"/studio/projets/{project.id}/contributeurs.csv").get_data(as_text=True)
    assert re.search(r"^Yao,5000,Affiche signée,[\d-]+,,no,'\+2289\d{7},\r?$", csv_text, re.M)
    assert re.search(r"^Kafui,5000,Affiche signée,[\d-]+,,\d{4}-\d\d-\d\d,", csv_text, re.M)


def test_another_filmmaker_cannot_mark_or_read_a_projects_rewards(app, client, filmmaker, other_filmmaker):
    project, credit, poster = _rewarded_project(filmmaker)
    owed = _contribution(project, "Kafui", poster)
    db.session.commit()
    log_in(client, other_filmmaker)
    token = _token(client, "/studio/films/nouveau")
    for path in ("contreparties", "noms-au-generique", "noms-au-generique.csv"):
        assert client.get(f"/studio/projets/{project.id}/{path}").status_code == 404
    assert client.post(f"/studio/projets/{project.id}/contreparties",
                       data={"csrf_token": token, "all": "yes"}).status_code == 404
    db.session.expire_all()
    assert owed.reward_delivered_at is None


def test_the_name_in_the_credits_reward_gives_the_list_of_names(app, client, filmmaker):
    project, credit, poster = _rewarded_project(filmmaker)
    member = make_user(display_name="Mawuli Membre")
    for name in ("Sena", "ama", "Édem", "=cmd()"):
        _contribution(project, name, credit)
    _contribution(project, None, credit, user=member)
    _contribution(project, "Sena", credit)  # twice the same person: one name
    _contribution(project, "Caché", credit, anonymous=True)
    _contribution(project, "Affiche seulement", poster)
    db.session.commit()
    log_in(client, filmmaker)
    page = client.get(f"/studio/projets/{project.id}/noms-au-generique").get_data(as_text=True)
    assert re.findall(r"<li>([^<]+)</li>", page) == ["=cmd()", "ama", "Édem", "Mawuli Membre", "Sena"]
    assert "Caché" not in page and "Affiche seulement" not in page and "1 contributeur a demandé" in page
    csv_text = client.get(f"/studio/projets/{project.id}/noms-au-generique.csv").get_data(as_text=True)
    assert csv_text.splitlines() == ["name", "'=cmd()", "ama", "Édem", "Mawuli Membre", "Sena"]


def test_the_contributor_sees_delivery_and_a_receipt_in_my_contributions(app, client, filmmaker):
    project, credit, poster = _rewarded_project(filmmaker)
    member = make_user(phone="+22890445566", display_name="Kafui")
    signed_in = _contribution(project, "Kafui", poster, user=member)
    as_guest = _contribution(project, "Kafui", credit, phone="+22890445566")  # paid from their number, signed out
    someone_else = _contribution(project, "Autre", poster)
    signed_in.reward_delivered_at = utcnow()
    db.session.commit()
    log_in(client, member)
    page = client.get("/compte/contributions").get_data(as_text=True)
    assert page.count("Reçue") == 2 and "remise le" in page and "à remettre par l’équipe" in page
    assert "Autre" not in page and project.title in page
    receipt = client.get(f"/compte/contributions/{as_guest.id}/recu")
    assert receipt.status_code == 200 and receipt.headers["Cache-Control"] == "private, no-store"
    text = receipt.get_data(as_text=True)
    reference = db.session.get(Payment, as_guest.payments[0].id).short_code.upper()
    assert f"Reçu {reference}" in text and "5 000 FCFA" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert "90445566" not in text
    assert client.get(f"/compte/contributions/{someone_else.id}/recu").status_code == 404
    client.post("/deconnexion", data={"csrf_token": _token(client, "/compte")})
    assert client.get("/compte/contributions").status_code in (302, 303)


def test_reward_and_contribution_pages_stay_under_the_page_budget(app, client, filmmaker):
    from tests.wire import ACCEPT, wire_bytes

    project, credit, poster = _rewarded_project(filmmaker)
    project.title = "Un titre de projet assez long pour peser"
    member = make_user(phone="+22890778899", display_name="Kafui")
    for i in range(120):
        _contribution(project, f"Contributrice numéro {i} au nom long", poster if i % 2 else credit,
                      user=member if i < 60 else None)
    db.session.commit()
    log_in(client, filmmaker)
    for path in (f"/studio/projets/{project.id}/contreparties", f"/studio/projets/{project.id}/contreparties?page=3",
                 f"/studio/projets/{project.id}/noms-au-generique", f"/studio/projets/{project.id}",
                 f"/studio/films/{make_film_for(filmmaker).id}/generique"):
        response = client.get(path, headers=ACCEPT)
        assert response.status_code == 200 and wire_bytes(response) <= 14 * 1024, (path, wire_bytes(response))
    assert "3 / 3" in client.get(f"/studio/projets/{project.id}/contreparties?page=9").get_data(as_text=True)
    log_in(client, member)
    assert client.get("/compte/contributions").get_data(as_text=True).count("Reçu ") == 50
    response = client.get("/compte/contributions", headers=ACCEPT)
    assert wire_bytes(response) <= 14 * 1024, wire_bytes(response)


def make_film_for(owner):
    from tests.factories import make_film

    film = make_film(owner_id=owner.id)
    db.session.commit()
    return film
