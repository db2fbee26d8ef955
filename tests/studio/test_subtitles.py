"""Subtitles uploaded on a film's studio page: WebVTT kept, SRT converted, bad files refused."""
import io
import re

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app import storage
from app.extensions import db
from app.watch.subtitles import subtitles_of
from tests.factories import log_in, make_film

SRT = ("1\r\n00:00:00,500 --> 00:00:02,000\r\nAkpé, mes amis.\r\n\r\n"
       "2\r\n00:00:02,100 --> 00:00:03,900\r\nLa pirogue part à l'aube.\r\n")
VTT = "WEBVTT\n\n00:00.500 --> 00:02.000\nWoezɔ!\n"


def _token(client, path):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _upload(client, film, data, name, language="fr", code=""):
    path = f"/studio/films/{film.id}/sous-titres"
    # Encoded in memory: the test client would spool a body over 500 KB to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": _token(client, path), "language": language, "code": code,
                                       "file": FileStorage(io.BytesIO(data), name)})
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _film(filmmaker):
    film = make_film(title="La pirogue", owner_id=filmmaker.id, status="published")
    db.session.commit()
    return film


def test_an_srt_file_is_converted_to_webvtt_and_listed_with_its_size(app, client, filmmaker):
    film = _film(filmmaker)
    log_in(client, filmmaker)
    assert "sous-titres" in client.get(f"/studio/films/{film.id}").get_data(as_text=True)  # the form is on the film page
    response = _upload(client, film, SRT.encode("utf-8"), "pirogue.srt")
    assert response.status_code == 303
    [track] = subtitles_of(film.id)
    vtt = storage.store().read(track.key).decode("utf-8")
    assert vtt == ("WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nAkpé, mes amis.\n\n"
                   "00:00:02.100 --> 00:00:03.900\nLa pirogue part à l'aube.\n")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sous-titres enregistrés : Français, 1 ko." in page
    assert "Français (fr) · 1 ko" in page


def test_a_latin_1_srt_is_read_and_a_webvtt_in_ewe_kept_as_sent(app, client, filmmaker):
    film = _film(filmmaker)
    log_in(client, filmmaker)
    assert _upload(client, film, SRT.encode("latin-1").replace("La pirogue part à l'aube.".encode("latin-1"), b"\xe9t\xe9"),
                   "vieux.srt", "fr").status_code == 303
    assert _upload(client, film, VTT.encode("utf-8"), "ewe.vtt", "ee").status_code == 303
    by_language = {t.language: storage.store().read(t.key).decode("utf-8") for t in subtitles_of(film.id)}
    assert "Akpé, mes amis.\n\n00:00:02.100 --> 00:00:03.900\nété\n" in by_language["fr"]
    assert by_language["ee"] == VTT


def test_a_new_file_replaces_the_language_and_another_code_is_accepted(app, client, filmmaker):
    film = _film(filmmaker)
    log_in(client, filmmaker)
    _upload(client, film, VTT.encode(), "a.vtt", "ha")
    first_key = subtitles_of(film.id)[0].key
    _upload(client, film, VTT.replace("Woezɔ!", "Sannu!").encode(), "b.vtt", "ha")
    _upload(client, film, VTT.encode(), "c.vtt", "fr", code="dyu")
    tracks = subtitles_of(film.id)
    assert [t.language for t in tracks] == ["dyu", "ha"]
    assert not storage.store().exists(first_key)
    assert "Sannu!" in storage.store().read(tracks[1].key).decode()


def test_a_bad_timing_line_is_refused_with_its_line_number_in_both_languages(app, client, filmmaker):
    film = _film(filmmaker)
    log_in(client, filmmaker)
    broken = SRT.replace("00:00:02,100 --> 00:00:03,900", "00:00:02 -> 3.9").encode()
    response = _upload(client, film, broken, "casse.srt", "kbp")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ligne 6" in page and "ce minutage n’est pas compris" in page
    assert 'value="kbp" selected' in page  # what was chosen is kept
    client.get("/langue/en")
    page = _upload(client, film, broken, "casse.srt").get_data(as_text=True)
    assert "Line 6: this cue timing is not understood" in page
    assert subtitles_of(film.id) == []


def test_too_large_binary_and_empty_files_are_refused_with_a_message(app, client, filmmaker):
    film = _film(filmmaker)
    log_in(client, filmmaker)
    too_large = (SRT * 7000).encode()
    assert "512 ko au plus" in _upload(client, film, too_large, "long.srt").get_data(as_text=True)
    assert "pas un fichier de sous-titres" in _upload(client, film, b"\x00\x01PNG", "image.srt").get_data(as_text=True)
    assert "Aucun sous-titre" in _upload(client, film, b"hello\n", "vide.vtt").get_data(as_text=True)
    assert "code" in _upload(client, film, VTT.encode(), "a.vtt", code="../x").get_data(as_text=True)
    assert subtitles_of(film.id) == []


def test_another_filmmakers_film_takes_no_subtitles(app, client, filmmaker, other_filmmaker):
    film = _film(filmmaker)
    log_in(client, other_filmmaker)
    assert client.get(f"/studio/films/{film.id}/sous-titres").status_code == 404
