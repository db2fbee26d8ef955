"""Absolute links for SMS and provider callbacks, built from PUBLIC_BASE_URL.

They are used outside requests (jobs) and must never depend on the Host header a request
happened to carry, so they are always built from the configured public address.
"""
from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint, **values):
    base = urlsplit(current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000")
    adapter = current_app.url_map.bind(base.netloc, url_scheme=base.scheme, script_name=base.path or "/")
    return adapter.build(endpoint, values, force_external=True)
