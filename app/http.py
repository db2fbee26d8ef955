"""HTTP caching and security headers shared by every response."""
from flask import current_app, request

CSP = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    "style-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Nothing of ours uses these; a page that someone manages to inject into cannot either.
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"


def init_app(app):
    app.after_request(add_headers)


def add_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # production behind TLS only
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        # Chrome sends its connection estimate from the next request on (app/data_saver.py).
        headers.setdefault("Accept-CH", "ECT, Downlink, Save-Data")
        response.vary.update(("ECT", "Downlink", "Save-Data", "Cookie"))
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("Permissions-Policy", PERMISSIONS)
        headers.setdefault("X-Frame-Options", "DENY")
        _make_revalidatable(response)
    return response


def _make_revalidatable(response):
    """HTML may be kept but must be checked: a repeat visit costs a 304, not the page."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed:
        return
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-cache"
    if not response.get_etag()[0]:
        response.add_etag()
    response.make_conditional(request)


def never_store(response):
    """For personal pages (studio, admin, account): no cache, service worker or proxy keeps them."""
    response.headers["Cache-Control"] = "private, no-store"
    return response
