"""The projects' pages in real Chromium at 360 px: no card twice, presets that do not wrap."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.timeutil import utcnow
from tests.factories import make_project

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, ending, new", [("fr", "Se termine bientôt", "Nouveaux projets"),
                                               ("en", "Ending soon", "New projects")])
def test_new_projects_do_not_repeat_those_ending_soon(page, live_server, lang, ending, new):
    soon = [make_project(title=f"Bientôt {i}", ends_at=utcnow() + timedelta(days=3), went_live_at=utcnow())
            for i in range(2)]
    later = make_project(title="Plus tard", ends_at=utcnow() + timedelta(days=40),
                         went_live_at=utcnow() - timedelta(days=1))
    db.session.commit()
    page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server.url}])
    page.goto("/projets")
    assert page.locator("#list-ending_soon").inner_text() == ending
    assert page.locator("#list-newest").inner_text() == new
    shown = {key: page.locator(f"section[aria-labelledby=list-{key}] a[href^='/projets/']").evaluate_all(
        "links => [...new Set(links.map(a => a.getAttribute('href')))]") for key in ("ending_soon", "newest")}
    assert sorted(shown["ending_soon"]) == sorted(f"/projets/{p.short_code}" for p in soon)
    assert shown["newest"] == [f"/projets/{later.short_code}"]


def test_amount_presets_keep_radio_and_amount_on_one_line(page):
    project = make_project(title="Le prochain film")
    db.session.commit()
    page.goto(f"/projets/{project.short_code}")
    labels = page.locator("fieldset.presets label")
    assert labels.count() >= 3
    # The amount's text, measured on its own: on the radio's line, its middle is level with it.
    for radio, text in labels.evaluate_all(
            "ls => ls.map(l => { const r = document.createRange(); r.selectNodeContents(l.lastChild);"
            " return [l.querySelector('input').getBoundingClientRect(), r.getBoundingClientRect()]"
            ".map(b => ({mid: (b.top + b.bottom) / 2, height: b.height, right: b.right})); })"):
        assert abs(text["mid"] - radio["mid"]) < radio["height"] and text["height"] < 2 * 16, (radio, text)
        assert text["right"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
