"""Nothing is wider than a 360 px phone: every page, every role, with long words in every user-written field.

Routes come from `app.url_map` as in the fuzz test, so a page added later is measured too.
"""
import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.routing import AnyConverter, IntegerConverter

from app.extensions import db
from tests.factories import log_in, make_film, make_person, make_project, make_user

pytestmark = pytest.mark.browser

WORD = "Anticonstitutionnellement" * 4  # 100 letters, no place to break
WIDTH = 360


@pytest.fixture
def long_words(app):
    """A world where every field a member, filmmaker or admin writes holds one long word."""
    member = make_user("viewer", display_name=WORD[:80])
    filmmaker = make_user("filmmaker", display_name=WORD[:80])
    admin = make_user("admin", display_name=WORD[:80])
    film = make_film(title=f"Le {WORD}", synopsis=f"{WORD} {WORD}", owner_id=filmmaker.id, poster_key=None,
                     director=make_person(WORD[:70]), language=WORD[:40])
    draft = make_film(title=WORD, synopsis=WORD, status="draft", owner_id=filmmaker.id, poster_key=None)
    project = make_project(film=film, code="WIDE1", owner_id=filmmaker.id, title=WORD, pitch=f"{WORD} {WORD}",
                           synopsis=WORD, technical_sheet=WORD,
                           rewards=[(WORD, 5000, 10), (f"Affiche {WORD[:60]}", 20000, None)])
    db.session.commit()
    from app.accounts import opinions

    comment = opinions.add_comment(member, film, f"{WORD}{WORD}{WORD}")
    _long_talent(member, film, project, filmmaker)
    from app.talk import conversations

    for subject in (film, project):
        message, _masked = conversations.post(member, subject, f"{WORD}{WORD}{WORD}")
        conversations.report(admin, message)
        conversations.post(filmmaker, subject, f"{WORD} {WORD}")
    contest, candidate, ballot = _contest_of_long_words(film.slug, filmmaker)
    db.session.commit()
    ids = {"film_id": film.id, "project_id": project.id, "user_id": member.id, "comment_id": comment.id,
           "owner_id": film.id, "size": 192, "width": 160, "contest_id": contest.id, "candidate_id": candidate.id,
           "ballot_id": ballot.id}
    good = {"slug": film.slug, "code": project.short_code, "token": "x" * 32, "kind": "films", "key": "k1"}
    roles = {"anonymous": None, "member": member, "filmmaker": filmmaker, "admin": admin}
    return {"roles": roles, "ids": ids, "good": good, "draft_id": draft.id}


def _long_talent(member, film, project, filmmaker):
    """A public talent profile, and pending and accepted invitations, all in long words."""
    from datetime import timedelta

    from app.teams import talents
    from app.teams.models import Invitation, ProjectCredit
    from app.timeutil import utcnow

    class Form(dict):
        def getlist(self, name):
            return ["ewe", "kabiye", "fr"] if name == "languages" else []

    talents.save_profile(member, Form({"is_public": "yes", "skills": f"{WORD[:40]}, {WORD[:40]}", "city": WORD[:80],
                                       "country": "TG", "bio": WORD, "available": "yes",
                                       **{f"show_{part}": "yes" for part in talents.PARTS}}))
    person = make_person(WORD[:70])
    person.user_id = member.id
    db.session.add(ProjectCredit(project_id=project.id, person_id=person.id, role="actor", character_name=WORD[:120]))
    for token, status in (("x" * 32, "pending"), ("y" * 32, "accepted")):
        db.session.add(Invitation(token=token, film_id=film.id, invited_by_id=filmmaker.id, name=WORD[:120],
                                  role="actor", character_name=WORD[:120], status=status,
                                  expires_at=utcnow() + timedelta(days=30)))


def _contest_of_long_words(slug, filmmaker):
    """An open contest (its address the film's, as the routes are built with one slug), an approved
    candidate and a held ballot, every field one long word."""
    from tests.contests.conftest import make_candidate, make_contest, paid_ballot

    contest = make_contest(title=WORD[:120])
    contest.slug, contest.theme, contest.rules, contest.prize = slug, WORD, f"{WORD} {WORD}", WORD
    entry = make_film(title=WORD, synopsis=WORD, status="draft", owner_id=filmmaker.id, poster_key=None,
                      video_status="ready", duration_s=59)
    candidate = make_candidate(contest, entry)
    db.session.commit()
    return contest, candidate, paid_ballot(candidate, votes=2, hold_reason="rapid")


def _pages(app, world):
    """Every GET route built with the world's real ids and names."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or "filename" in rule.arguments:
            continue
        values = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                values[name] = world["ids"].get(name, 1)
            elif isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            else:
                values[name] = world["good"].get(name, "x")
        paths.add(rule.build(values, append_unknown=False)[1])
    return sorted(paths)


def _signed_in(browser, live_server, app, user, locale):
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 740},
                                  locale=locale)
    context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
    if user is not None:
        client = app.test_client()
        log_in(client, user)
        client.get("/")
        context.add_cookies([{"name": "session", "value": client.get_cookie("session").value,
                              "url": live_server.url}])
    return context


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_no_page_is_wider_than_a_360_px_phone(app, browser, live_server, long_words, locale):
    paths = _pages(app, long_words)
    assert len(paths) > 30
    too_wide, measured = [], 0
    for role, user in long_words["roles"].items():
        context = _signed_in(browser, live_server, app, user and db.session.merge(user), locale)
        page = context.new_page()
        for path in paths:
            try:
                response = page.goto(path, wait_until="load")
            except PlaywrightError as error:  # a file to download (CSV, export): no page to measure
                assert "Download is starting" in str(error), (path, error)
                continue
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            measured += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide.append(f"{role} {path}: {width} px")
        context.close()
    assert measured > 60
    assert too_wide == [], "\n".join(too_wide)
