"""A contest from its opening to its exports: submissions, approval, leaderboard, held votes."""
import csv
import re
from html import unescape

from sqlalchemy import func, select

from app.admin.models import AuditEntry
from app.catalog import freshness
from app.contests.models import Ballot, Candidate, Contest
from app.contests.queries import LEADERBOARD_SECONDS
from app.extensions import db
from app.funding import books
from app.payments.models import PaymentEvent
from tests.contests.conftest import csrf_of, make_candidate, make_contest, paid_ballot, rival
from tests.factories import log_in, make_film


def _confirm(client, path, decision):
    """The back office's two steps: the confirmation page, then the decision."""
    first = client.post(path, data={"decision": decision, "csrf_token": csrf_of(client.get("/admin/concours").text)})
    assert first.status_code == 200 and 'name="confirmed" value="1"' in first.text
    return client.post(path, data={"decision": decision, "confirmed": "1", "csrf_token": csrf_of(first.text)})


def test_an_admin_creates_a_draft_contest_and_opens_it_after_confirming(client, admin):
    log_in(client, admin)
    token = csrf_of(client.get("/admin/concours").text)
    typed = {"title": "Lomé en une minute", "theme": "La ville", "prize": "Une caméra", "rules": "Une minute.",
             "starts_on": "2026-12-01", "ends_on": "2026-11-30", "price": "", "csrf_token": token}
    refused = client.post("/admin/concours", data=typed)
    assert refused.status_code == 422 and 'value="Lomé en une minute"' in refused.text
    created = client.post("/admin/concours", data={**typed, "ends_on": "2027-01-31", "price": "100"})
    assert created.status_code == 303
    contest = db.session.scalars(select(Contest)).one()
    assert (contest.status, contest.vote_price_fcfa) == ("draft", 100)
    assert client.get(f"/concours/{contest.slug}").status_code == 404  # a draft is not public

    assert _confirm(client, f"/admin/concours/{contest.id}/etat", "open").status_code == 303
    assert client.get(f"/concours/{contest.slug}").status_code == 200
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "contest")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["contest.create", "contest.open"]
    assert "Concours ouvert" in client.get(f"/admin/concours/{contest.id}").text  # the contest's audit log


def test_a_film_longer_than_a_minute_is_refused_with_its_length(client, contest, filmmaker):
    film = make_film(title="Trop long", status="draft", video_status="ready", duration_s=61, owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, filmmaker)
    form = client.get(f"/concours/{contest.slug}/participer").text
    answer = client.post(f"/concours/{contest.slug}/participer", data={"film": film.id, "csrf_token": csrf_of(form)})
    assert answer.status_code == 422
    assert "Ce film dure 1 min 01 ; un film de concours dure 1 min 00 au plus." in answer.text
    assert db.session.scalar(select(func.count()).select_from(Candidate)) == 0


def test_a_submitted_film_appears_only_once_an_admin_approves_it(client, contest, filmmaker, admin):
    film = make_film(title="Zémidjan", status="draft", video_status="ready", duration_s=60, owner_id=filmmaker.id)
    db.session.commit()
    log_in(client, filmmaker)
    form = client.get(f"/concours/{contest.slug}/participer").text
    sent = client.post(f"/concours/{contest.slug}/participer", data={"film": film.id, "csrf_token": csrf_of(form)})
    assert sent.status_code == 303
    candidate = db.session.scalars(select(Candidate)).one()
    assert candidate.status == "submitted"
    assert "Zémidjan" not in client.get(f"/concours/{contest.slug}").text
    assert client.get(f"/concours/{contest.slug}/candidats/{candidate.id}").status_code == 404

    again = client.post(f"/concours/{contest.slug}/participer", data={"film": film.id, "csrf_token": csrf_of(form)})
    assert again.status_code == 422 and "Vous avez déjà envoyé un film à ce concours." in again.text

    log_in(client, admin)
    assert _confirm(client, f"/admin/concours/{contest.id}/candidats/{candidate.id}", "approve").status_code == 303
    assert "Zémidjan" in client.get(f"/concours/{contest.slug}").text
    assert client.get(f"/concours/{contest.slug}/candidats/{candidate.id}").status_code == 200


def test_the_leaderboard_is_cached_for_ten_seconds_and_its_poll_answers_304(client, contest, candidate):
    hx = {"HX-Request": "true"}
    first = client.get(f"/concours/{contest.slug}", headers=hx)
    assert first.status_code == 200 and "0 vote" in first.text and "HX-Request" in first.headers["Vary"]
    assert 'hx-trigger="every 15s"' in first.text and "<html" not in first.text
    unchanged = client.get(f"/concours/{contest.slug}", headers={**hx, "If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304

    paid_ballot(candidate, votes=3)  # counted at once, shown once the cached ranking expires
    assert "0 vote" in client.get(f"/concours/{contest.slug}", headers=hx).text
    key = f"{freshness.prefix()}:contest:{contest.id}:leaderboard"
    assert 0 < freshness.redis().ttl(key) <= LEADERBOARD_SECONDS
    freshness.redis().delete(key)  # as ten seconds later
    fresh = client.get(f"/concours/{contest.slug}", headers={**hx, "If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and "3 votes" in fresh.text


def test_a_held_ballot_counts_once_when_an_admin_approves_it(client, contest, candidate, admin):
    ballot = paid_ballot(candidate, votes=2, hold_reason="rapid")
    assert (ballot.status, db.session.get(Candidate, candidate.id).votes_count) == ("held", 0)
    log_in(client, admin)
    page = client.get(f"/admin/concours/{contest.id}").text
    assert "moins de 5 secondes après un autre vote" in page
    path = f"/admin/concours/{contest.id}/votes/{ballot.id}"
    assert _confirm(client, path, "count").status_code == 303
    again = client.post(path, data={"decision": "count", "confirmed": "1",
                                    "csrf_token": csrf_of(client.get("/admin/concours").text)})
    assert again.status_code == 422  # already decided: nothing counted twice
    db.session.expire_all()
    assert (db.session.get(Ballot, ballot.id).status, db.session.get(Candidate, candidate.id).votes_count) == \
        ("counted", 2)
    assert books.balance("contest_escrow") == 200


def test_a_rejected_held_ballot_is_never_counted_and_its_money_is_owed_back(client, contest, candidate, admin, runner):
    ballot = paid_ballot(candidate, votes=4, hold_reason="many_candidates")
    log_in(client, admin)
    assert _confirm(client, f"/admin/concours/{contest.id}/votes/{ballot.id}", "reject").status_code == 303
    db.session.expire_all()
    assert (db.session.get(Ballot, ballot.id).status, db.session.get(Candidate, candidate.id).votes_count) == \
        ("rejected", 0)
    assert (books.balance("contest_escrow"), books.balance("refunds_due")) == (0, 400)
    assert db.session.scalar(select(PaymentEvent.kind).where(PaymentEvent.kind == "refund_manual")) == "refund_manual"
    payment_page = client.get(f"/admin/paiements/{ballot.payment.id}").text
    assert "4 votes · Harmattan</a> · Rejeté" in payment_page and "remboursement à faire à la main" in payment_page
    assert runner.invoke(args=["payments", "check-ledger"]).exit_code == 0


def test_csv_exports_list_candidates_votes_and_transactions(client, contest, candidate, admin):
    other = rival(contest, title="=HYPERLINK(1)")
    db.session.commit()
    paid_ballot(candidate, votes=2)
    paid_ballot(other, votes=1, hold_reason="rapid", phone="+22890000002")
    log_in(client, admin)

    def rows(sheet):
        answer = client.get(f"/admin/concours/{contest.id}/{sheet}.csv")
        assert answer.mimetype == "text/csv" and "attachment" in answer.headers["Content-Disposition"]
        return list(csv.reader(answer.text.splitlines()))

    candidates = rows("candidats")
    assert [r[1:4] for r in candidates[1:]] == [["Harmattan", "approved", "2"], ["'=HYPERLINK(1)", "approved", "0"]]
    ballots = rows("votes")
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in ballots[1:]] == [("2", "200", "counted", "", "'+228…01"),
                                                                      ("1", "100", "held", "rapid", "'+228…02")]
    legs = rows("transactions")[1:]
    assert [(r[1], r[3], r[5]) for r in legs] == [("vote", "clearing", "-200"), ("vote", "contest_escrow", "200"),
                                                 ("vote", "clearing", "-100"), ("vote", "contest_escrow", "100")]
    assert sum(int(r[5]) for r in legs) == 0


def test_a_draft_contest_and_its_candidates_stay_hidden(client, playable_film):
    hidden = make_contest(status="draft")
    db.session.add(Candidate(contest_id=hidden.id, film_id=playable_film.id, status="approved"))
    db.session.commit()
    assert client.get(f"/concours/{hidden.slug}").status_code == 404
    assert client.get(f"/concours/{hidden.slug}/candidats/1").status_code == 404


def test_the_leaderboard_polls_every_15_seconds_in_a_browser_and_gets_304_while_unchanged(page, live_server, contest,
                                                                                            candidate):
    page.clock.install()
    page.goto(f"/concours/{contest.slug}")
    with live_server.recording() as sent:
        for _ in range(2):
            with page.expect_response(lambda r: bool(r.request.headers.get("hx-request"))):
                page.clock.run_for(15_000)
    polls = [size for path, size in sent if path == f"/concours/{contest.slug}"]
    print("leaderboard polls, bytes on the wire:", polls)
    # The second is revalidated by the browser's cache (If-None-Match): a 304, headers only.
    assert len(polls) == 2 and polls[1] <= polls[0] - 200  # 944 then 692 bytes: the body is not sent again
    assert page.locator("#leaderboard li").count() == 1 and page.console_errors == []  # nothing refused by the CSP


def test_the_admin_watches_a_submitted_film_before_deciding(client, contest, admin, playable_film):
    playable_film.status = "draft"
    make_candidate(contest, playable_film, status="submitted")
    db.session.commit()
    log_in(client, admin)
    page = client.get(f"/admin/concours/{contest.id}").text
    source = re.search(r'<video controls preload="none" class="preview"><source src="([^"]+)"', page)
    assert source is not None
    with client.get(unescape(source.group(1)), headers={"Range": "bytes=0-99"}) as played:
        assert played.status_code == 206
