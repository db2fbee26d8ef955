"""Fingerprinted static files, compressed once at start-up and cached for a year.

`asset_url("css/app.css")` gives `/static/css/app.3f9c1a2b7d.css`; a new file content
gives a new name, so browsers may keep every version forever (`immutable`).
"""
import gzip
import hashlib
import mimetypes
import os
import re

import brotli
from flask import Response, abort, current_app, request

TEXT_TYPES = {"text/css", "text/javascript", "application/javascript", "image/svg+xml",
              "application/json", "application/manifest+json", "text/plain"}
FOREVER = "public, max-age=31536000, immutable"
_fingerprinted = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")


class Asset:
    def __init__(self, path, relative):
        with open(path, "rb") as f:
            self.raw = f.read()
        self.relative = relative
        self.digest = hashlib.sha256(self.raw).hexdigest()[:10]
        stem, ext = os.path.splitext(relative)
        self.url_name = f"{stem}.{self.digest}{ext}"
        self.mimetype = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        if self.mimetype == "application/javascript":
            self.mimetype = "text/javascript"
        self.encoded = {}
        if self.mimetype in TEXT_TYPES:
            self.encoded["br"] = brotli.compress(self.raw, quality=11)
            self.encoded["gzip"] = gzip.compress(self.raw, 9, mtime=0)

    def body_for(self, accept_encoding):
        """The smallest body this client accepts, and its Content-Encoding (None: identity)."""
        accepted = {part.split(";")[0].strip() for part in accept_encoding.lower().split(",")}
        for encoding in ("br", "gzip"):
            if encoding in accepted and encoding in self.encoded:
                return self.encoded[encoding], encoding
        return self.raw, None


class AssetStore:
    def __init__(self, folder):
        self.folder = folder
        self.by_relative = {}
        self.load()

    def load(self):
        found = {}
        for dirpath, _dirs, files in os.walk(self.folder):
            for name in files:
                path = os.path.join(dirpath, name)
                relative = os.path.relpath(path, self.folder).replace(os.sep, "/")
                found[relative] = Asset(path, relative)
        self.by_relative = found

    def url_for(self, relative):
        asset = self.by_relative.get(relative)
        if asset is None:
            raise KeyError(f"no static file {relative!r}; run scripts/setup to fetch vendored ones")
        return f"/static/{asset.url_name}"

    def find(self, url_name):
        match = _fingerprinted.match(url_name)
        if not match:
            return None
        asset = self.by_relative.get(match["stem"] + match["ext"])
        if asset is None or asset.digest != match["digest"]:
            return None
        return asset


def init_app(app, folder):
    store = AssetStore(folder)
    app.extensions["assets"] = store
    app.jinja_env.globals["asset_url"] = store.url_for
    app.add_url_rule("/static/<path:filename>", "static", serve_asset)


def serve_asset(filename):
    asset = current_app.extensions["assets"].find(filename)
    if asset is None:
        abort(404)
    body, encoding = asset.body_for(request.headers.get("Accept-Encoding", ""))
    response = Response(body, mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = FOREVER
    response.set_etag(asset.digest + (encoding or ""))
    return response.make_conditional(request)
