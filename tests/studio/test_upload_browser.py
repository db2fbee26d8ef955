"""Uploading a film from a phone in real Chromium: progress within a chunk on a 2G link, resuming
from the film page after a reload, starting again on the network's return, and the page following
the transcoding until the video is ready."""
import re

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.sms.models import SmsMessage
from app.studio.models import UploadSession
from tests.factories import log_in
from tests.studio.tus import create_upload, csrf_of, send_chunk

pytestmark = pytest.mark.browser
# The uplink of a 2G phone (bench/browser.py's "2g"): 50 kbit/s, 300 ms round trip.
TWO_G = {"offline": False, "latency": 300, "downloadThroughput": 250_000 / 8, "uploadThroughput": 50_000 / 8}
PROGRESS = re.compile(r"^([\d,]+) Mo sur 35,0 Mo · ([\d,]+) ko/s · encore (\d+ h )?\d+ min$")


def _sign_in(page, filmmaker):
    filmmaker.password_hash = generate_password_hash("un-long-secret")
    db.session.commit()
    page.goto("/connexion")
    page.fill("#phone", filmmaker.phone)
    page.fill("#password", "un-long-secret")
    page.click("main form button")
    page.wait_for_url("**/")


def _output(page):
    return page.text_content("#video-file ~ output")


def _received(film):
    db.session.expire_all()
    return db.session.scalars(select(UploadSession.received).where(UploadSession.film_id == film.id)).all()


def test_progress_shows_megabytes_speed_and_time_left_before_the_first_chunk_ends(page, filmmaker, own_film,
                                                                                  tmp_path):
    film_file = tmp_path / "film.mp4"
    film_file.write_bytes(b"\0" * 35_000_000)
    _sign_in(page, filmmaker)
    page.goto(f"/studio/films/{own_film.id}")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", TWO_G)
    page.set_input_files("#video-file", str(film_file))
    assert _output(page) == "35,0 Mo : environ 1 h 34 min sur une connexion 2G."  # said before anything is sent
    page.click("#video-file ~ button")
    page.wait_for_function("() => / ko\\/s · encore /.test(document.querySelector('#video-file ~ output').textContent)",
                           timeout=20_000)
    first = _output(page)
    assert PROGRESS.match(first), first
    assert _received(own_film) == [0]  # the server has not had the first 256 KB chunk yet
    page.wait_for_function("(first) => document.querySelector('#video-file ~ output').textContent !== first",
                           arg=first, timeout=20_000)
    second = _output(page)
    match = PROGRESS.match(second)
    assert match and _received(own_film) == [0], second
    assert match.group(3) == "1 h "  # 35 MB at 2G speed: more than an hour, and the page says so
    assert page.console_errors == []


def _pending_upload(client, filmmaker, film, data, sent):
    """What a phone left behind: an upload of film.mp4 with its first `sent` bytes on the server."""
    log_in(client, filmmaker)
    csrf = csrf_of(client, film)
    url = create_upload(client, film, csrf, len(data))
    assert send_chunk(client, url, csrf, 0, data[:sent]).status_code == 204
    return url


def test_picking_the_pending_file_again_resumes_it_and_the_page_follows_the_transcoding(
        page, client, filmmaker, own_film, video_file, run_jobs):
    data = video_file.read_bytes()
    url = _pending_upload(client, filmmaker, own_film, data, 1_000_000)
    _sign_in(page, filmmaker)  # another browser: nothing of the first upload is kept in this one
    page.goto(f"/studio/films/{own_film.id}")
    size = f"{len(data) / 1e6:.1f}".replace(".", ",")
    assert page.is_visible(f"text=Un envoi de « film.mp4 » ({size} Mo) est en attente : "
                           "choisissez ce même fichier pour reprendre.")
    page.set_input_files("#video-file", str(video_file))
    assert _output(page).startswith("C'est le fichier en attente : l'envoi reprend à 1,0 Mo.")
    with page.expect_request(lambda r: r.method == "PATCH") as first_patch:
        page.click("#video-file ~ button")
    assert first_patch.value.url.endswith(url) and first_patch.value.headers["upload-offset"] == "1000000"
    page.wait_for_selector("text=Reçu : la vidéo est en préparation, voir plus haut.")
    page.wait_for_selector("#transcode >> text=144p H.264 : en attente de son tour")  # htmx asked for the fragment
    db.session.expire_all()
    assert db.session.execute(select(UploadSession.token, UploadSession.status)).all() == [
        (url.rsplit("/", 1)[1], "complete")]
    page.evaluate("window.notReloaded = true")
    run_jobs()  # the transcode, by a real worker
    page.wait_for_selector("#transcode >> text=Vidéo prête", timeout=120_000)  # the fragment polls every 10 s
    assert page.is_visible("#transcode >> text=144p H.264 : prête")
    assert page.evaluate("window.notReloaded") is True
    assert db.session.scalars(select(SmsMessage.kind).where(SmsMessage.to_phone == filmmaker.phone)).all()
    assert page.console_errors == []


def test_another_file_starts_a_new_upload_and_says_so(page, client, filmmaker, own_film, video_file, tmp_path):
    _pending_upload(client, filmmaker, own_film, b"\0" * 3_000_000, 500_000)
    other = tmp_path / "autre.mp4"
    other.write_bytes(video_file.read_bytes())
    _sign_in(page, filmmaker)
    page.goto(f"/studio/films/{own_film.id}")
    page.set_input_files("#video-file", str(other))
    assert _output(page).startswith("Ce n'est pas le fichier en attente : un nouvel envoi commence.")
    page.click("#video-file ~ button")
    page.wait_for_selector("text=Reçu : la vidéo est en préparation, voir plus haut.")
    db.session.expire_all()
    assert db.session.execute(select(UploadSession.filename, UploadSession.status)).all() == [("autre.mp4", "complete")]
    page.reload()
    assert not page.is_visible("text=est en attente : choisissez ce même fichier")


def test_the_upload_starts_again_as_soon_as_the_network_returns(page, filmmaker, own_film, video_file):
    _sign_in(page, filmmaker)
    page.goto(f"/studio/films/{own_film.id}")
    failed = []
    page.on("requestfailed", lambda request: "/televersements" in request.url and failed.append(request.url))
    page.set_input_files("#video-file", str(video_file))
    page.context.set_offline(True)
    page.click("#video-file ~ button")
    page.wait_for_selector("text=Connexion perdue : l'envoi reprendra tout seul.")
    for _ in range(200):  # the tries fail at once, 1, 2 and 4 s apart; waiting lets Playwright see them
        if len(failed) >= 4:
            break
        page.wait_for_timeout(100)
    assert len(failed) >= 4, failed
    # The next try is 8 s away now; the network's return must not wait for it.
    with page.expect_response(lambda r: r.request.method == "POST" and "/televersements" in r.url, timeout=4_000):
        page.context.set_offline(False)
    page.wait_for_selector("text=Reçu : la vidéo est en préparation, voir plus haut.")
