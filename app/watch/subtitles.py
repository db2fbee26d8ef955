"""Subtitles: a filmmaker's WebVTT or SRT file checked, turned into WebVTT and stored.

A file is at most 512 KB, in UTF-8 (Latin-1 is converted, as many SRT editors still write it),
and every cue timing line must read `00:01:02.500 --> 00:01:04.000` (SRT's comma accepted).
"""
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from app import storage
from app.extensions import db
from app.watch.models import Subtitle

MAX_BYTES = 512 * 1024
# Native names: a viewer finds their language under its own name, whatever the interface.
LANGUAGES = {"fr": "Français", "en": "English", "ee": "Eʋegbe", "kbp": "Kabɩyɛ", "gej": "Gɛ̃ (Mina)",
             "ha": "Hausa", "yo": "Yorùbá", "fon": "Fɔngbe", "wo": "Wolof", "bm": "Bamanankan"}
CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_STAMP = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{3}"
TIMING = re.compile(rf"^({_STAMP})\s+-->\s+({_STAMP})(\s+.*)?$")


class SubtitleError(ValueError):
    """A file refused, with the reason in the filmmaker's language."""


def label(language):
    return LANGUAGES.get(language, language)


def checked_language(code):
    code = (code or "").strip().lower().replace("_", "-")
    if not CODE.match(code):
        raise SubtitleError(_("Choose a language, or type its code (2 or 3 letters, such as “ee” or “kbp”)."))
    return code


def _text_of(data):
    if len(data) > MAX_BYTES:
        raise SubtitleError(_("This subtitle file is too large: %(kb)s KB at most.", kb=MAX_BYTES // 1024))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\x00" in text:
        raise SubtitleError(_("This is not a subtitle file: send a WebVTT (.vtt) or SRT (.srt) text file."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _stamp(value):
    """An SRT or loose time as WebVTT writes it: 00:01:02.500."""
    parts = value.replace(",", ".").split(":")
    hours, minutes, rest = (["0"] + parts if len(parts) == 2 else parts)
    return f"{int(hours):02d}:{int(minutes):02d}:{rest.zfill(6)}"


def _timing_error(number, line):
    return SubtitleError(_("Line %(line)s: this cue timing is not understood: “%(text)s”. "
                           "It should read 00:01:02.500 --> 00:01:04.000.", line=number, text=line.strip()[:60]))


def _cue_timing(number, line, is_vtt):
    """The timing line as WebVTT writes it; raises SubtitleError when it cannot be read."""
    timing = TIMING.match(line.strip())
    if timing is None or (is_vtt and "," in timing.group(1) + timing.group(2)):
        raise _timing_error(number, line)
    start, end = _stamp(timing.group(1)), _stamp(timing.group(2))
    if end < start:
        raise SubtitleError(_("Line %(line)s: this cue ends before it starts.", line=number))
    return line if is_vtt else f"{start} --> {end}{timing.group(3) or ''}"


def _srt_cues(lines):
    """SRT blocks (number, timing, text) as WebVTT cues; the number is dropped."""
    out, block = ["WEBVTT", ""], []
    for number, line in enumerate(lines + [""], start=1):
        if line.strip():
            block.append((number, line))
            continue
        if block:
            if block[0][1].strip().isdigit() and len(block) > 1:
                block = block[1:]
            first, timing = block[0]
            out += [_cue_timing(first, timing, False), *(text for _, text in block[1:]), ""]
            block = []
    return out


def to_webvtt(data):
    """The file's WebVTT text; raises SubtitleError naming the first line it cannot read."""
    text = _text_of(data)
    if "-->" not in text:
        raise SubtitleError(_("No subtitles found in this file: send a WebVTT (.vtt) or SRT (.srt) file."))
    lines = text.split("\n")
    if lines[0].startswith("WEBVTT"):
        out = [_cue_timing(n, line, True) if "-->" in line else line for n, line in enumerate(lines, start=1)]
    else:
        out = _srt_cues(lines)
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def save_subtitle(film, language, data):
    """Stores the file as the film's subtitles in `language`, replacing earlier ones; flushes."""
    language = checked_language(language)
    vtt = to_webvtt(data)
    key = f"subtitles/{film.id}/{secrets.token_hex(6)}-{language}.vtt"
    storage.store().put_bytes(key, vtt, content_type="text/vtt; charset=utf-8")
    old = db.session.scalar(select(Subtitle).where(Subtitle.film_id == film.id, Subtitle.language == language))
    if old is not None:
        storage.store().delete(old.key)
        db.session.delete(old)
        db.session.flush()
    subtitle = Subtitle(film_id=film.id, language=language, key=key, size_bytes=len(vtt))
    db.session.add(subtitle)
    db.session.flush()
    return subtitle


def delete_subtitle(film, subtitle_id):
    subtitle = db.session.get(Subtitle, subtitle_id)
    if subtitle is None or subtitle.film_id != film.id:
        return False
    storage.store().delete(subtitle.key)
    db.session.delete(subtitle)
    db.session.flush()
    return True


def subtitles_of(film_id):
    return db.session.scalars(select(Subtitle).where(Subtitle.film_id == film_id).order_by(Subtitle.language)).all()
