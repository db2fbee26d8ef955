"""Hostile input on every route: no answer is a 5xx, and a refused form gives back what was typed.

Routes come from `app.url_map`, query parameters and form fields from the code and templates,
so a route or field added later is walked too. Anonymous, member, filmmaker and admin each
walk every route; the count of requests is printed at the end of the run.
"""
import os
import re
from html import unescape

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.routing import AnyConverter, IntegerConverter

from app.extensions import db, limiter
from tests.factories import log_in, make_film, make_project, make_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOSTILE = [
    "", "a\x00b", "\x00", "²", "٣٤", "１２", "-1", "0", "99999999999999999999", "2147483648", "4294967296",
    "1e9", "500.00", "10,5", " 1 500 ", "NaN", "A" * 5000, "😀" * 300, "\u202eevil\u202c", "a\r\nSet-Cookie: x=1",
    '{"amount": 1}', "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "=HYPERLINK(\"x\")",
    "\ufeff\u200b", "é" * 81, "+228 90 00 00 01",
]
SHORT = ["a\x00b", "²", "99999999999999999999", "😀" * 300, "A" * 5000, "-1", ""]
PATH_VALUES = ["a\x00b", "²", "%00", "😀", "A" * 600, "..", "9" * 30, "a b", "\u202e"]
INT_VALUES = ["0", "2147483648", "9223372036854775808"]
HEADERS = ["Upload-Length", "Upload-Offset", "Tus-Resumable", "Range", "If-None-Match", "HX-Request", "HX-Target",
           "Save-Data", "ECT", "Downlink", "Accept-Language", "X-Forwarded-For", "Origin", "Referer", "Cookie"]
MARKER = "Kpalimé 7"
TEXT_INPUT = re.compile(r'<(?:input|textarea)\b[^>]*\bname="(\w+)"[^>]*>', re.S)
SENT = {"requests": 0, "fields_checked": 0}
FAILURES = []


def _names(pattern, folders):
    found = set()
    for folder in folders:
        for base, _, files in os.walk(os.path.join(ROOT, folder)):
            for name in files:
                if name.endswith((".py", ".html")):
                    with open(os.path.join(base, name), encoding="utf-8") as f:
                        found |= set(re.findall(pattern, f.read()))
    return sorted(found)


QUERY_NAMES = _names(r'args\.get(?:list)?\(\s*"(\w+)"', ["app"])
FORM_NAMES = sorted(set(_names(r'form\.get(?:list)?\(\s*"(\w+)"', ["app"]))
                    | set(_names(r'<(?:input|textarea|select)\b[^>]*\bname="(\w+)"', ["templates"])))


@pytest.fixture
def world(app):
    """One of everything a route can name, owned by the fuzzing members."""
    member = make_user("viewer", display_name="Ama")
    filmmaker = make_user("filmmaker", display_name="Afi")
    admin = make_user("admin", display_name="Awa")
    film = make_film(title="Harmattan", owner_id=filmmaker.id)
    draft = make_film(title="Brouillon", status="draft", owner_id=filmmaker.id, poster_key=None)
    project = make_project(film=film, code="FUZZ1", owner_id=filmmaker.id, rewards=[("Affiche", 5000, 10)])
    db.session.commit()
    from app.accounts import opinions

    comment = opinions.add_comment(member, film, "Très beau film.")
    db.session.commit()
    contest, candidate, ballot = _contest_at(film.slug)
    ids = {"film_id": [film.id, draft.id], "project_id": [project.id], "user_id": [member.id],
           "comment_id": [comment.id] if comment is not None else [1], "payment_id": [1], "owner_id": [film.id],
           "size": [192], "width": [160], "contest_id": [contest.id], "candidate_id": [candidate.id],
           "ballot_id": [ballot.id]}
    good = {"slug": [film.slug], "code": [project.short_code, "fr"], "token": ["x" * 32], "kind": ["films"],
            "key": ["k1"], "filename": ["css/app.css"]}
    return {"roles": {"anonymous": None, "member": member, "filmmaker": filmmaker, "admin": admin},
            "ids": ids, "good": good}


def _contest_at(slug):
    """An open contest at the film's address (routes are built with one slug), an approved
    candidate with a film ready to play, and a held ballot."""
    from tests.contests.conftest import make_candidate, make_contest, paid_ballot

    contest = make_contest()
    contest.slug = slug
    candidate = make_candidate(contest, make_film(title="Une minute", status="draft", video_status="ready",
                                                  duration_s=50))
    db.session.commit()
    return contest, candidate, paid_ballot(candidate, votes=1, hold_reason="rapid")


@pytest.fixture
def unlimited(app):
    """Limits would answer most of the walk with 429; the walk is about what the views do."""
    app.config["WTF_CSRF_ENABLED"] = False
    limiter.enabled = False
    yield
    limiter.enabled = True
    app.config["WTF_CSRF_ENABLED"] = True


def _paths(rule, world):
    """The rule's URL with good values, then with each argument in turn made hostile."""
    def build(values):
        return rule.build(values, append_unknown=False)[1]

    good = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            good[name] = world["ids"].get(name, [1])[0]
        elif isinstance(converter, AnyConverter):  # one of its words, the others are not routed
            good[name] = sorted(converter.items)[0]
        else:
            good[name] = world["good"].get(name, ["x"])[0]
    paths = [build(good)]
    for name, converter in rule._converters.items():
        choices = INT_VALUES if isinstance(converter, IntegerConverter) else PATH_VALUES
        choices = choices + world["good"].get(name, [])[1:]
        for value in choices:
            try:
                paths.append(build({**good, name: int(value) if isinstance(converter, IntegerConverter) else value}))
            except Exception:  # a value the router itself cannot build: nothing to send
                continue
    return paths


def _check(response, what):
    SENT["requests"] += 1
    if response.status_code >= 500:
        FAILURES.append(f"{response.status_code} on {what}")


def _keeps_what_was_typed(response, path, what):
    """A refused form that shows its text fields again shows them with what was typed."""
    if response.status_code not in (400, 409, 413, 422, 429) or "text/html" not in response.content_type:
        return
    page = response.get_data(as_text=True)
    forms = [m.group(0) for m in re.finditer(r"<form\b.*?</form>", page, re.S)]
    page = "".join(form for form in forms if f'action="{path}"' in form or "action=" not in form.split(">")[0])
    for tag in TEXT_INPUT.finditer(page):
        markup = tag.group(0)
        if re.search(r'type="(hidden|password|number|radio|checkbox|file|submit)"', markup):
            continue
        if tag.group(1) not in FORM_NAMES or 'name="csrf_token"' in markup:
            continue
        shown = markup if markup.startswith("<input") else page[tag.end():page.find("</textarea>", tag.end())]
        SENT["fields_checked"] += 1
        if f"{MARKER} {tag.group(1)}" not in unescape(shown):
            FAILURES.append(f"{tag.group(1)} lost on {what}")


def _walk(client, rule, method, world, values):
    good, *hostile = _paths(rule, world)
    for path in hostile:  # a hostile path segment: once, with a hostile query or form
        _check(client.open(path, method=method, query_string={n: values[1] for n in QUERY_NAMES},
                           data={n: values[1] for n in FORM_NAMES} if method != "GET" else None),
               f"{method} {path}")
    if method == "GET":
        for value in values:
            response = client.get(good, query_string={name: value for name in QUERY_NAMES})
            _check(response, f"GET {good} ?*={value[:20]!r}")
        for value in values[:3]:
            headers = {name: value.encode("utf-8", "replace").decode("latin-1") for name in HEADERS}
            _check(client.get(good, headers=headers), f"GET {good} headers={value[:20]!r}")
        return
    for value in values:
        response = client.open(good, method=method, data={name: value for name in FORM_NAMES})
        _check(response, f"{method} {good} *={value[:20]!r}")
    for value in values[:3]:
        headers = {name: value.encode("utf-8", "replace").decode("latin-1") for name in HEADERS}
        _check(client.open(good, method=method, headers=headers, data=b"x"), f"{method} {good} headers={value[:20]!r}")
    _check(client.open(good, method=method, json={"amount": "²", "phone": None}), f"{method} {good} json")
    _check(client.open(good, method=method, data=b"\xff\xfe\x00", content_type="text/plain"), f"{method} {good} bytes")
    duplicated = MultiDict([(name, value) for name in FORM_NAMES for value in ("1", "²")])
    _check(client.open(good, method=method, data=duplicated), f"{method} {good} duplicates")
    response = client.open(good, method=method, data={name: f"{MARKER} {name}" for name in FORM_NAMES})
    _check(response, f"{method} {good} marker")
    _keeps_what_was_typed(response, good, f"{method} {good}")


def test_no_route_answers_5xx_to_hostile_input(app, client, world, unlimited):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    assert len(rules) > 40
    for role, user in world["roles"].items():
        values = HOSTILE if role in ("anonymous", "filmmaker") else SHORT
        for rule in rules:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if user is not None:
                    log_in(client, db.session.merge(user))
                _walk(client, rule, method, world, values)
                db.session.rollback()
    assert SENT["requests"] > 5000 and SENT["fields_checked"] > 20
    assert FAILURES[:40] == [], f"{len(FAILURES)} of {SENT['requests']} requests"
