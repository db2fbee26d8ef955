"""The installable app: manifest, icons, the service worker and the offline page."""
import hashlib
import json
import os
import re
from functools import lru_cache

import brotli
from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_babel import force_locale, gettext as _

from app.pages import render
from app.pwa import icons

bp = Blueprint("pwa", __name__)
FOLDER = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "service_worker")
# One script for the phone (one request when the worker installs), two files for us.
SOURCES = ("sw.js", "downloads.js")
# What every page needs offline, fetched when the worker installs, on the first visit: so
# nothing more. The player page is not kept offline (its links expire), so player.js is not
# here; "My downloads" is kept by the worker once a film has been downloaded.
SHELL_FILES = ("css/app.css", "vendor/htmx.min.js", "js/pwa.js", "img/icon.svg")


def _in_both_languages(text):
    """{"fr": …, "en": …}: the worker answers offline, in the language of the page it serves."""
    found = {}
    for code in current_app.config["LANGUAGES"]:
        with force_locale(code):
            found[code] = _(text)
    return found


def worker_script():
    """The worker with its settings on top; any change to an asset, a setting or its sources changes it."""
    assets = current_app.extensions["assets"]
    shell = [assets.url_for(name) for name in SHELL_FILES] + [url_for("pwa.offline")]
    text = ""
    for name in SOURCES:
        with open(os.path.join(FOLDER, name), encoding="utf-8") as f:
            text += f.read()
    source = re.sub(r"(?m)^\s*//.*\n", "", text)  # whole-line comments: for us, not for phones
    settings = {
        "shell": shell, "offline": url_for("pwa.offline"), "chunk": current_app.config["DOWNLOAD_CHUNK_BYTES"],
        "stored": _in_both_languages("Page saved on %s, shown offline. Dimmed links are not on this phone."),
        "queued": _in_both_languages("No network: noted, it will be sent as soon as it is back."),
        "unpaid": _in_both_languages("No network: your contribution did not leave, nothing was charged."),
        "retry": _in_both_languages("Try again once you have network."),
    }
    settings["version"] = hashlib.sha256((source + json.dumps(settings, sort_keys=True)).encode()).hexdigest()[:12]
    return f"self.KARANGOU = {json.dumps(settings, ensure_ascii=False)};\n{source}"


@lru_cache(maxsize=4)
def _brotli(script):
    return brotli.compress(script.encode(), quality=11)


@bp.get("/sw.js")
def service_worker():
    """Checked on every navigation, fetched on each new version: compressed hard, once per version."""
    script = worker_script()
    if "br" in request.headers.get("Accept-Encoding", ""):
        response = Response(_brotli(script), mimetype="text/javascript")
        response.headers["Content-Encoding"] = "br"
    else:
        response = Response(script, mimetype="text/javascript")  # Flask-Compress gzips it
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    body = {
        "name": "Karangou", "short_name": "Karangou", "lang": "fr", "dir": "ltr",
        "description": _("African films to watch for free, and the next ones to fund."),
        "start_url": "/?source=app", "scope": "/", "display": "standalone",
        "background_color": "#fbf7f0", "theme_color": "#8e2f2f",
        "icons": [
            *({"src": url_for("pwa.icon", size=s), "sizes": f"{s}x{s}", "type": "image/png"} for s in icons.SIZES),
            {"src": url_for("pwa.icon", size=512, maskable="1"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/icons/<int:size>.png")
def icon(size):
    if size not in icons.SIZES:
        abort(404)
    response = Response(icons.icon_png(size, request.args.get("maskable") == "1"), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=604800"
    return response


@bp.get("/hors-ligne")
def offline():
    return render("pwa/offline.html")


@bp.get("/telechargements")
def downloads():
    return render("pwa/downloads.html")


@bp.get("/films/<slug>/pour-hors-ligne")
@bp.get("/films/<slug>/pour-hors-ligne/<int:height>")
@bp.get("/films/<slug>/pour-hors-ligne/<any(av1, h264, opus):codec>/<int:height>")
def download(slug, height=None, codec=None):
    """A fresh signed link to a rendition kept offline; the film page itself stays cacheable."""
    from flask import redirect

    from app.catalog import queries
    from app.http import never_store
    from app.pwa.downloads import offline_rendition
    from app.watch.video_links import signed_url

    from flask_login import current_user

    from app.watch.early import may_watch

    film = queries.film_or_404(slug)
    rendition = offline_rendition(film, height, codec)
    if rendition is None:
        abort(404)
    if not may_watch(film, current_user):
        abort(403)
    return never_store(redirect(signed_url(rendition), 302))
