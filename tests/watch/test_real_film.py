"""A real film the production way: two minutes of Big Buck Bunny sent from the studio to gunicorn
in 256 KB tus chunks, transcoded by a real `flask jobs worker --queue transcode` on PostgreSQL,
then played in Chromium in every rendition."""
import os
import subprocess
import sys

import psycopg
import pytest

from app.demo import real_film as film_cache
from bench.filmmaker import Filmmaker, follow_transcode
from tests.gunicorn import ROOT, production_app

PHONE, PASSWORD = "+22890000001", "lapin-des-bois-2008"


@pytest.fixture(scope="module")
def two_minutes(real_film):
    return film_cache.cut(120, os.path.dirname(real_film))


@pytest.fixture(scope="module")
def served():
    with production_app(workers=2, demo=True) as served:
        done = subprocess.run([sys.executable, "-m", "flask", "accounts", "create-admin", PHONE, "--password",
                               PASSWORD], cwd=ROOT, env=served.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        yield served


@pytest.fixture
def transcode_worker(served):
    worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--queue", "transcode"], cwd=ROOT,
                              env=served.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield worker
    worker.terminate()
    worker.wait(60)


def test_two_minutes_of_a_real_film_play_in_every_rendition(served, two_minutes, transcode_worker, browser):
    maker = Filmmaker(served.url, PHONE, PASSWORD)
    maker.sign_in()
    film_id = maker.create_film(film_cache.TITLE)
    maker.upload(film_id, two_minutes)
    maker.close()
    follow_transcode(served.env["DATABASE_URL"], film_id, timeout=900)
    with psycopg.connect(served.env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("UPDATE films SET status = 'published', published_at = now() WHERE id = %s", (film_id,))
        slug, duration = conn.execute("SELECT slug, duration_s FROM films WHERE id = %s", (film_id,)).fetchone()
        heights = [h for (h,) in conn.execute("SELECT height FROM renditions WHERE film_id = %s ORDER BY height",
                                              (film_id,))]
    assert duration == 120 and heights == [144, 240, 360, 480]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        for height in heights:
            page.goto(f"{served.url}/films/{slug}/regarder?q={height}&confirmer=1")
            assert page.evaluate("document.querySelector('video').videoHeight || 0") in (0, height)
            page.evaluate("document.querySelector('video').muted = true; document.querySelector('video').play()")
            page.wait_for_function("() => document.querySelector('video').currentTime > 2", timeout=30_000)
            assert page.evaluate("document.querySelector('video').videoHeight") == height
            assert abs(page.evaluate("document.querySelector('video').duration") - 120) < 1.5
    finally:
        context.close()
