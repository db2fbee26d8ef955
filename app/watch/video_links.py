"""Video links that a CDN can cache: a stable path per rendition, the permission in the query.

`/v/<film id>/<rendition id>/<codec>-<height>.mp4?e=<expires>&s=<signature>`

The path names one rendition, and a rendition's bytes never change once it is made (a new
encode is a new rendition, in a folder of its own). Every viewer therefore asks for the same
path, and an nginx or CDN cache keyed on the path alone (`$uri`, not the query) serves them all
from one copy; the bytes are sent `public, max-age=31536000, immutable`.

The query is the permission, in nginx's `secure_link` form so that the edge can check it before
its cache: `s` is the unpadded base64url of MD5("<e><path> <secret>") and `e` the expiry in Unix
seconds, six hours ahead rounded up to the hour (pages made in the same hour give the same links).
The secret is VIDEO_LINK_SECRET, or one derived from SECRET_KEY when it is unset;
`flask watch link-secret` prints it for nginx. Karangou checks the same signature when it serves
the bytes itself, and that the film is still published (410 otherwise). An edge cache keeps
serving what it holds to links already given out until they expire: purge `/v/<film id>/` when a
film is withdrawn (docs/deploy.md).
"""
import base64
import hashlib
import hmac
import math
import time

from flask import current_app, url_for

LINK_SECONDS = 6 * 3600
ROUNDED_TO_S = 3600


class InvalidLink(Exception):
    """Expired, tampered with, or made for another rendition."""


def link_secret(config):
    """The secret nginx's `secure_link_md5` and Karangou share."""
    return config.get("VIDEO_LINK_SECRET") or hmac.new(
        config["SECRET_KEY"].encode(), b"karangou-video-links", hashlib.sha256).hexdigest()


def file_name(rendition):
    return f"{rendition.codec}-{rendition.height}.mp4"


def signature(path, expires, secret):
    digest = hashlib.md5(f"{expires}{path} {secret}".encode(), usedforsecurity=False).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signed_url(rendition, now=None):
    """The rendition's link for the next six hours (seven at most)."""
    path = url_for("watch.stream", film_id=rendition.film_id, rendition_id=rendition.id, name=file_name(rendition))
    expires = math.ceil(((now or time.time()) + LINK_SECONDS) / ROUNDED_TO_S) * ROUNDED_TO_S
    return f"{path}?e={expires}&s={signature(path, expires, link_secret(current_app.config))}"


def check(path, expires, given, now=None):
    """Raises InvalidLink unless `given` signs `path` until `expires`, a time not yet past."""
    if not (expires.isascii() and expires.isdigit()) or len(expires) > 12:  # "²" is a digit to Python
        raise InvalidLink("malformed expiry")
    if int(expires) < (now or time.time()):
        raise InvalidLink("expired")
    expected = signature(path, int(expires), link_secret(current_app.config))
    if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        raise InvalidLink("bad signature")
