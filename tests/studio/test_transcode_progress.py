"""The studio film page follows the transcoding rung by rung, and the filmmaker gets one SMS when it is ready."""
import html
import re

from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.sms.models import SmsMessage
from app.watch import jobs as watch_jobs
from app.watch import transcode
from app.watch.models import Rendition
from tests.factories import log_in
from tests.studio.tus import create_upload, csrf_of, send_chunk

HTMX = {"HX-Request": "true"}


def _rendition(film, height, codec="h264"):
    db.session.add(Rendition(film_id=film.id, height=height, width=height * 16 // 9, video_kbps=50, audio_kbps=24,
                             codec=codec, size_bytes=1000, duration_s=3.0, path=f"renditions/{film.id}/{height}p.mp4"))


def _encoding(film, done=0, percent=None):
    """The record the transcode job keeps: the first `done` renditions made, the next one under way."""
    film.source_path = f"sources/{film.id}/abc.source"
    progress = transcode.new_progress(film.source_path, transcode.rungs_for(480))
    for rendition in progress["renditions"][:done]:
        progress = transcode.with_rendition(progress, rendition["rung"], "ready", 100)
    progress = transcode.with_rendition(progress, progress["renditions"][done]["rung"], "encoding", percent or 0)
    film.transcode_progress = transcode.with_state(progress, "encoding")
    film.video_status = "processing"


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def test_each_rendition_shows_ready_encoding_or_waiting(client, filmmaker, own_film):
    _encoding(own_film, done=2, percent=40)
    db.session.commit()
    log_in(client, filmmaker)
    response = client.get(f"/studio/films/{own_film.id}", headers=HTMX)
    fragment = _text(response)
    assert fragment.startswith('<section id="transcode"') and "<html" not in fragment
    assert "Vidéo en préparation" in fragment
    assert [item.strip() for item in re.findall(r"<li>([^<]+)", fragment)] == [
        "Son seul : prête", "144p H.264 : prête", "240p AV1 : encodage, 40 %", "240p H.264 : en attente de son tour",
        "360p AV1 : en attente de son tour", "360p H.264 : en attente de son tour", "480p AV1 : en attente de son tour",
        "480p H.264 : en attente de son tour"]
    assert 'hx-trigger="every 10s, uploaded from:body"' in fragment
    assert "HX-Request" in response.vary and "no-store" in response.headers["Cache-Control"]


def test_an_unchanged_transcoding_answers_204_and_a_changed_one_the_new_fragment(client, filmmaker, own_film):
    _encoding(own_film, done=1)
    db.session.commit()
    log_in(client, filmmaker)
    first = _text(client.get(f"/studio/films/{own_film.id}", headers=HTMX))
    poll = re.search(r'hx-get="([^"]+)"', first).group(1)
    unchanged = client.get(poll, headers=HTMX)
    assert unchanged.status_code == 204 and unchanged.get_data() == b"" and "HX-Request" in unchanged.vary
    _encoding(own_film, done=2)
    db.session.commit()
    changed = _text(client.get(poll, headers=HTMX))
    assert "144p H.264 : prête" in changed and "240p AV1 : encodage, 0 %" in changed


def test_the_whole_page_holds_the_fragment_and_refreshes_itself_without_javascript(client, filmmaker, own_film):
    own_film.video_status = "processing"
    db.session.commit()
    log_in(client, filmmaker)
    response = client.get(f"/studio/films/{own_film.id}")
    page = _text(response)
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in page
    assert '<section id="transcode"' in page and "<h1>Mon film</h1>" in page
    assert "HX-Request" in response.vary
    # a whole-page request is never answered 204, whatever it carries
    poll = re.search(r'hx-get="([^"]+)"', page).group(1)
    assert client.get(poll).status_code == 200


def test_a_ready_video_stops_polling_and_offers_the_review(client, filmmaker, own_film):
    own_film.video_status = "ready"
    for height, codec in ((144, "h264"), (240, "av1")):
        _rendition(own_film, height, codec)
    db.session.commit()
    log_in(client, filmmaker)
    page = _text(client.get(f"/studio/films/{own_film.id}"))
    fragment = page[page.index('<section id="transcode"'):page.index("</section>")]
    assert "Vidéo prête" in fragment and re.findall(r"<li>([^<]+)</li>", fragment) == ["144p H.264 : prête", "240p AV1 : prête"]
    assert "every 10s" not in fragment and 'hx-trigger="uploaded from:body"' in fragment
    assert "Soumettre pour examen" in fragment
    assert 'http-equiv="refresh"' not in page


def test_the_states_are_in_english_too(client, filmmaker, own_film):
    _encoding(own_film, done=1)
    db.session.commit()
    log_in(client, filmmaker)
    client.set_cookie("lang", "en")
    fragment = _text(client.get(f"/studio/films/{own_film.id}", headers=HTMX))
    assert [item.strip() for item in re.findall(r"<li>([^<]+)", fragment)][:2] == [
        "Sound only: ready", "144p H.264: encoding, 0 %"]
    assert "an SMS tells you when the video is ready" in fragment


def _upload_and_transcode(client, film, video_file, run_jobs):
    data = video_file.read_bytes()
    csrf = csrf_of(client, film)
    url = create_upload(client, film, csrf, len(data))
    assert send_chunk(client, url, csrf, 0, data).headers["Upload-Status"] == "complete"
    run_jobs()


def test_the_filmmaker_gets_one_sms_in_french_when_the_film_is_ready(app, client, filmmaker, own_film, video_file,
                                                                    run_jobs):
    log_in(client, filmmaker)
    _upload_and_transcode(client, own_film, video_file, run_jobs)
    db.session.expire_all()
    assert db.session.get(Film, own_film.id).video_status == "ready"
    watch_jobs.transcode_film(own_film.id)  # the same transcode again: safe, and says nothing new
    run_jobs()
    messages = db.session.scalars(select(SmsMessage).where(SmsMessage.to_phone == filmmaker.phone)).all()
    assert [m.body for m in messages] == [
        f'Karangou : la video de "Mon film" est prete. Envoyez-la en relecture : '
        f"{app.config['PUBLIC_BASE_URL'] or 'http://127.0.0.1:5000'}/studio/films/{own_film.id}"]
    assert messages[0].segments == 1 and messages[0].status == "sent"


def test_a_new_video_for_the_film_is_announced_again(client, filmmaker, own_film, video_file, run_jobs):
    log_in(client, filmmaker)
    _upload_and_transcode(client, own_film, video_file, run_jobs)
    _upload_and_transcode(client, own_film, video_file, run_jobs)
    assert db.session.query(SmsMessage).filter(SmsMessage.to_phone == filmmaker.phone).count() == 2


def test_a_source_added_from_the_command_line_sends_no_sms(filmmaker, own_film, source_clip, run_jobs):
    watch_jobs.attach_source(own_film, source_clip)
    db.session.commit()
    run_jobs()
    db.session.expire_all()
    assert db.session.get(Film, own_film.id).video_status == "ready"
    assert db.session.query(SmsMessage).count() == 0
