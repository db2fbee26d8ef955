"""A contest's pages on 2G: within the 14 KB every page keeps, with a full leaderboard of long titles."""
from app.extensions import db
from tests.contests.conftest import make_candidate, make_contest
from tests.factories import make_film
from tests.wire import ACCEPT, wire_bytes

KB = 1024


def test_the_contest_page_its_leaderboard_and_a_candidate_page_fit_in_14_kb(client):
    contest = make_contest(title="Lomé en une minute, le grand concours du court métrage " * 2)
    contest.rules = "Un film d'une minute au plus, tourné au Togo, sans musique sous droits. " * 12
    candidates = [make_candidate(contest, make_film(title=f"Un titre de film de concours assez long numéro {i}",
                                                    synopsis="Une histoire de Lomé. " * 20, status="draft",
                                                    video_status="ready", duration_s=55))
                  for i in range(25)]
    db.session.commit()
    assert client.get(f"/concours/{contest.slug}").text.count("numéro") == 20  # the top 20
    page = client.get(f"/concours/{contest.slug}", headers=ACCEPT)
    fragment = client.get(f"/concours/{contest.slug}", headers={**ACCEPT, "HX-Request": "true"})
    candidate = client.get(f"/concours/{contest.slug}/candidats/{candidates[0].id}", headers=ACCEPT)
    sizes = [wire_bytes(r) for r in (page, fragment, candidate)]
    print("contest page, leaderboard fragment, candidate page (bytes on the wire):", sizes)
    assert all(size <= 14 * KB for size in sizes), sizes
