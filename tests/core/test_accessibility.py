"""axe-core (npm, pinned in package.json) finds no WCAG A/AA violation, touch target size included, on the key
pages at 360 px, in both languages."""
import os

import pytest

from app.extensions import db
from app.talk import conversations
from app.watch.models import H264, Rendition
from tests.contests.conftest import make_candidate, make_contest
from tests.factories import approve_creator, log_in, make_film, make_project, make_user

pytestmark = pytest.mark.browser

AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")
# target-size (WCAG 2.2 2.5.8: 24 px, or room around) is off by default in axe-core: turned on by name,
# and a page where it did not run, or could not decide, counts as a violation.
RUN_AXE = """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
                                   rules: {'target-size': {enabled: true}}})
  .then(r => r.violations.concat(r.incomplete.filter(v => v.id === 'target-size'))
    .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))
    .concat(r.passes.concat(r.violations).some(v => v.id === 'target-size') ? [] : ['target-size: not run']))"""


def _axe_source():
    with open(AXE, encoding="utf-8") as source:
        return source.read()


@pytest.fixture
def key_pages(app):
    filmmaker = make_user("filmmaker", display_name="Afi")
    approve_creator(filmmaker)
    film = make_film(title="Harmattan", owner_id=filmmaker.id, rating_count=2, rating_sum=7, video_status="ready",
                     duration_s=60)
    db.session.add(Rendition(film_id=film.id, height=240, width=426, video_kbps=84, audio_kbps=32, codec=H264,
                             fragmented=True, size_bytes=240_000, duration_s=60, path=f"renditions/{film.id}/x.mp4"))
    make_project(film=film, code="AXE1", owner_id=filmmaker.id, rewards=[("Affiche", 5000, 10)])
    viewer = make_user(display_name="Sena")
    conversations.post(viewer, film, "Quand sort la suite ?")
    answer, _masked = conversations.post(filmmaker, film, "L'an prochain, merci !")
    conversations.set_pinned(conversations.find(film), answer, True)
    contest = make_contest()
    candidate = make_candidate(contest, film)
    db.session.commit()
    public = ["/", "/films", "/recherche?q=harmattan", f"/films/{film.slug}", f"/films/{film.slug}/regarder",
              "/projets/AXE1", "/p/AXE1", "/projets/AXE1/contribuer", "/connexion", "/talents",
              f"/films/{film.slug}/discussion", f"/concours/{contest.slug}",
              f"/concours/{contest.slug}/candidats/{candidate.id}"]
    signed_in = ["/compte", "/studio/", f"/studio/films/{film.id}/equipe", "/compte/profil-talent",
                 f"/films/{film.slug}/discussion"]
    return {"filmmaker": filmmaker, "public": public, "signed_in": signed_in}


def _violations(context, paths):
    page = context.new_page()
    found = []
    for path in paths:
        assert page.goto(path).status == 200, path
        page.evaluate(_axe_source())
        found += [f"{path} {v}" for v in page.evaluate(RUN_AXE)]
    return found


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_key_pages_have_no_wcag_a_or_aa_violation(app, browser, live_server, key_pages, locale):
    assert os.path.exists(AXE), "npm ci (scripts/setup) installs axe-core"
    # axe is injected by the test, not served: the page's CSP is bypassed for it alone.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}, bypass_csp=True)
    context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
    found = _violations(context, key_pages["public"])
    client = app.test_client()
    log_in(client, key_pages["filmmaker"])
    client.get("/")
    context.add_cookies([{"name": "session", "value": client.get_cookie("session").value, "url": live_server.url}])
    found += _violations(context, key_pages["signed_in"])
    context.close()
    assert found == [], "\n".join(found)
