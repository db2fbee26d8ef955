"""Nothing moves once drawn: cumulative layout shift 0 on the home and film pages at 360 px."""
import pytest

from app.extensions import db
from tests.factories import make_film, make_project

pytestmark = pytest.mark.browser

WATCH_SHIFTS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 1500);
})"""


@pytest.fixture
def catalogue(app):
    films = [make_film(title=f"Film numéro {i}", is_featured=i < 3, views_count=i, rating_count=1, rating_sum=4)
             for i in range(8)]
    make_project(film=films[0], code="CLS1", rewards=[("Affiche", 5000, 10)])
    db.session.commit()
    return films


def _shift(page, path):
    page.goto(path, wait_until="load")
    return page.evaluate(WATCH_SHIFTS)


def test_the_home_page_does_not_shift(page, catalogue):
    assert _shift(page, "/") == 0


def test_a_film_page_does_not_shift(page, catalogue):
    assert _shift(page, f"/films/{catalogue[0].slug}") == 0


def test_a_film_page_touch_targets_are_at_least_24_px(page, catalogue):
    page.goto(f"/films/{catalogue[0].slug}")
    small = page.evaluate("""() => [...document.querySelectorAll('main a, main button, main select, main input, main summary')]
      .filter(e => e.offsetParent !== null && e.type !== 'hidden')
      .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
      .filter(([, r]) => r.height < 24 || r.width < 24).map(([h, r]) => `${h} ${r.width}x${r.height}`)""")
    assert small == [], "\n".join(small)
