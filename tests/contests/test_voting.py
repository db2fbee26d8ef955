"""Voting through the payments engine's pay form: without JavaScript, within the limits, and
what makes a ballot suspicious."""
from sqlalchemy import select

from app.contests.models import Ballot, Candidate
from app.extensions import db
from tests.contests.conftest import csrf_of, key_of, rival


def _vote(client, contest, candidate_id, votes, phone):
    path = f"/concours/{contest.slug}/candidats/{candidate_id}"
    page = client.get(path).text
    return client.post(f"{path}/voter", data={"csrf_token": csrf_of(page), "key": key_of(page), "votes": str(votes),
                                              "phone": phone, "operator": "auto"})


def test_the_vote_form_works_without_javascript(browser, live_server, contest, candidate, payments_app, drain):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"/concours/{contest.slug}/candidats/{candidate.id}")
    source = page.locator("video source").first.get_attribute("src")
    assert page.request.get(source, headers={"Range": "bytes=0-99"}).status == 206  # it plays, though not in the catalogue
    page.fill("#votes", "3")
    page.fill("#phone", "90 11 22 01")
    page.click("text=Voter et payer")
    assert "/paiements/" in page.url and page.locator("noscript").count() == 1  # it refreshes itself

    assert drain(lambda: db.session.get(Candidate, candidate.id).votes_count == 3)
    page.reload()
    assert "Merci ! Vos 3 votes pour Harmattan sont reçus." in page.content()
    context.close()


def test_a_vote_with_a_wrong_count_comes_back_with_what_was_typed(client, contest, candidate, payments_app):
    answer = _vote(client, contest, candidate.id, 11, "90 11 22 01")
    assert answer.status_code == 422
    assert "Choisissez entre 1 et 10 votes." in answer.text and 'value="11"' in answer.text
    assert db.session.scalar(select(Ballot.id)) is None


def test_more_than_ten_votes_a_minute_are_refused_with_429(client, contest, candidate, payments_app):
    assert _vote(client, contest, candidate.id, 10, "90 11 22 01").status_code == 303
    same_number = _vote(client, contest, candidate.id, 1, "90 11 22 01")
    assert same_number.status_code == 429 and int(same_number.headers["Retry-After"]) <= 60
    assert "Ce numéro a déjà voté 10 fois dans la dernière minute." in same_number.text
    same_address = _vote(client, contest, candidate.id, 1, "90 11 22 33")
    assert same_address.status_code == 429
    assert "Trop de votes depuis cette connexion dans la dernière minute." in same_address.text
    assert [b.votes for b in db.session.scalars(select(Ballot))] == [10]


def test_a_ballot_right_after_another_from_the_same_number_is_held(client, contest, candidate, payments_app):
    for _ in range(2):
        assert _vote(client, contest, candidate.id, 1, "90 11 22 01").status_code == 303
    assert [b.hold_reason for b in db.session.scalars(select(Ballot).order_by(Ballot.id))] == [None, "rapid"]


def test_an_address_voting_for_three_candidates_is_held(client, contest, candidate, payments_app, monkeypatch):
    monkeypatch.setitem(payments_app.config, "CONTEST_RAPID_SECONDS", 0)  # as if minutes apart
    others = [rival(contest, f"Rival {n}").id for n in range(2)]
    db.session.commit()
    for n, candidate_id in enumerate([candidate.id, *others]):
        assert _vote(client, contest, candidate_id, 1, f"90 11 22 1{n}").status_code == 303
    assert [b.hold_reason for b in db.session.scalars(select(Ballot).order_by(Ballot.id))] == \
        [None, None, "many_candidates"]
