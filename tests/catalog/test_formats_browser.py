"""Numbers as each language writes them, read in Chromium at 360 px: decimal comma, plurals, Mo/MB, 112 %."""
import pytest

from app.extensions import db
from app.watch.models import H264, Rendition
from tests.factories import make_film, make_project

pytestmark = pytest.mark.browser

WORDS = {
    "fr": {"rating": "Noté 3,0/5 par 1 spectateur", "size": "240p ≈ 0,2 Mo",
           "funded": "1 120 000 FCFA collectés sur 1 000 000 (112 %)"},
    "en": {"rating": "Rated 3.0/5 by 1 viewer", "size": "240p ≈ 0.2 MB",
           "funded": "1,120,000 of 1,000,000 FCFA raised (112 %)"},
}


@pytest.fixture
def rated_film(app):
    film = make_film(title="Harmattan", poster_key=None, video_status="ready", duration_s=60,
                     rating_count=1, rating_sum=3)
    db.session.add(Rendition(film_id=film.id, height=240, width=426, video_kbps=84, audio_kbps=32, codec=H264,
                             fragmented=True, size_bytes=240_000, duration_s=60, path=f"renditions/{film.id}/x.mp4"))
    make_project(film=film, code="OVER1", goal=1_000_000, raised_fcfa=1_120_000)
    db.session.commit()
    return film


def _text(page):
    return " ".join(page.inner_text("main").split()).replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_film_page_writes_ratings_plurals_and_sizes_in_the_readers_language(page, live_server, rated_film, locale):
    page.context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
    page.goto(f"/films/{rated_film.slug}")
    text = _text(page)
    assert WORDS[locale]["rating"] in text
    assert WORDS[locale]["size"] in text


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_a_project_over_its_goal_shows_its_real_percentage_with_the_bar_full(page, live_server, rated_film, locale):
    page.context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
    page.goto("/projets/OVER1")
    assert WORDS[locale]["funded"] in _text(page)
    bar = page.locator("main progress").first
    assert bar.evaluate("p => p.value === p.max") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


ORDER = {"fr": ["Bénin", "Égypte", "Sénégal", "Togo"], "en": ["Benin", "Egypt", "Senegal", "Togo"]}
ALL_YEARS = {"fr": "Toutes", "en": "All"}
TOO_MUCH = {"fr": "entre 100 et 1 000 000 FCFA", "en": "between 100 and 1,000,000 FCFA"}


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_browse_lists_countries_by_their_name_and_says_all_years_in_the_readers_language(page, live_server, locale):
    for country in ("TG", "SN", "EG", "BJ"):
        make_film(title=f"Film {country}", country=country, poster_key=None)
    db.session.commit()
    page.context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
    page.goto("/films")
    names = page.eval_on_selector_all("select[name=country] option", "os => os.slice(1).map(o => o.textContent)")
    assert names == ORDER[locale]
    assert page.inner_text("select[name=year] option:first-child") == ALL_YEARS[locale]


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_an_amount_out_of_bounds_is_refused_with_bounds_written_in_the_readers_language(page, live_server,
                                                                                      rated_film, locale):
    page.context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
    page.goto("/projets/OVER1")
    page.fill("#amount", "2000000")
    page.fill("#phone", "90 12 34 56")
    page.click("form.pay button")
    page.wait_for_selector("#amount-err")
    assert TOO_MUCH[locale] in page.inner_text("#amount-err").replace("\u202f", " ").replace("\xa0", " ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


CROWD = {"fr": ("Noté 3,0/5 par 1 234 spectateurs", "1 234 contributeurs", "une commission de 2,5 % de"),
         "en": ("Rated 3.0/5 by 1,234 viewers", "1,234 contributors", "a fee of 2.5 % of")}


@pytest.fixture
def crowded_film(app):
    film = make_film(title="Harmattan", poster_key=None, rating_count=1234, rating_sum=3702)
    make_project(film=film, code="CROWD1", contributors_count=1234)
    db.session.commit()
    fee, app.config["PLATFORM_FEE_PERCENT"] = app.config["PLATFORM_FEE_PERCENT"], "2.5"
    yield film
    app.config["PLATFORM_FEE_PERCENT"] = fee


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_counts_and_the_fee_are_grouped_and_pointed_in_the_readers_language(page, live_server, crowded_film, locale):
    rating, contributors, fee = CROWD[locale]
    page.context.add_cookies([{"name": "lang", "value": locale, "url": live_server.url}])
    page.goto(f"/films/{crowded_film.slug}")
    assert rating in _text(page)
    page.goto("/projets/CROWD1")
    assert contributors in _text(page) and fee in _text(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
