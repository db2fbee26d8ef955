"""Errors to Sentry (sentry-sdk and its Flask integration) when SENTRY_DSN is set, scrubbed first.

What leaves the server must not carry a member's phone number, a one-time code or a
password: `scrub` (the `before_send` and `before_breadcrumb` hook) empties the request's
body, cookies and query string, replaces any field whose name speaks of a phone, code, OTP,
password, token or secret, and masks phone-looking numbers in every message, exception
value, breadcrumb and local variable. Sentry collects no user details nor request bodies.
"""
import re

FILTERED = "[Filtered]"
# Field names whose values are never sent, wherever they appear (form, JSON, locals, extra).
SECRET_NAME = re.compile(r"phone|tel|msisdn|code|otp|pin|pass|pwd|token|secret|key|csrf|cookie|session|auth",
                         re.I)
# International (+228 90 12 34 56) or local (90123456, 90 12 34 56) numbers of 8 digits or more,
# spaces or dots allowed between digits (not dashes: dates stay readable); 6-digit runs are one-time codes.
PHONE = re.compile(r"(?<![\w+])\+?\d(?:[ .]?\d){7,14}(?!\w)")
OTP = re.compile(r"(?<!\w)\d{6}(?!\w)")
QUERY = re.compile(r"\?[^\s'\"<>]*")  # a query string inside a text (a request's repr, a URL)
HEADERS_KEPT = {"accept", "accept-language", "content-type", "content-length", "user-agent", "hx-request",
                "save-data", "ect", "downlink", "host"}


def init_app(app):
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    # No user details and no request bodies collected to begin with; `scrub` covers the rest.
    sentry_sdk.init(dsn=dsn, environment=app.config.get("SENTRY_ENVIRONMENT"),
                    data_collection={"user_info": False, "http_bodies": []},
                    integrations=[FlaskIntegration()], traces_sample_rate=0,
                    before_send=scrub, before_breadcrumb=scrub_breadcrumb)


def mask(text):
    """A message with its phone numbers and one-time codes masked."""
    if not isinstance(text, str):
        return text
    return OTP.sub("[code]", PHONE.sub("[phone]", QUERY.sub("?[Filtered]", text)))


def _clean(value, name=""):
    """Any structure, with secret-named fields filtered and strings masked."""
    if name and SECRET_NAME.search(str(name)):
        return FILTERED
    if isinstance(value, dict):
        return {key: _clean(item, key) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return mask(value)


def _scrub_request(request):
    if "data" in request:
        request["data"] = _clean(request["data"]) if isinstance(request["data"], dict) else FILTERED
    for part in ("query_string", "cookies", "env"):
        if request.get(part):
            request[part] = FILTERED
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {key: (mask(value) if key.lower() in HEADERS_KEPT else FILTERED)
                              for key, value in headers.items()}
    if request.get("url"):
        request["url"] = mask(request["url"].split("?", 1)[0])


def scrub(event, hint=None):
    """before_send: the event without phone numbers, codes, passwords or the request's secrets."""
    if isinstance(event.get("request"), dict):
        _scrub_request(event["request"])
    if "logentry" in event and isinstance(event["logentry"], dict):
        entry = event["logentry"]
        for part in ("message", "formatted"):
            if part in entry:
                entry[part] = mask(entry[part])
        if "params" in entry:
            entry["params"] = _clean(entry["params"])
    if "message" in event:
        event["message"] = mask(event["message"])
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = mask(exception.get("value"))
        for frame in ((exception.get("stacktrace") or {}).get("frames") or []):
            if "vars" in frame:
                frame["vars"] = {key: _clean(value, key) for key, value in frame["vars"].items()}
            for part in ("context_line", "pre_context", "post_context"):
                if part in frame:
                    frame[part] = _clean(frame[part])
    for part in ("extra", "contexts", "tags"):
        if isinstance(event.get(part), dict):
            event[part] = {key: _clean(value, key) for key, value in event[part].items()}
    if isinstance(event.get("user"), dict):
        event["user"] = {key: value for key, value in event["user"].items() if key == "id"}
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        scrub_breadcrumb(crumb)
    return event


def scrub_breadcrumb(crumb, hint=None):
    if "message" in crumb:
        crumb["message"] = mask(crumb["message"])
    if isinstance(crumb.get("data"), dict):
        crumb["data"] = {key: _clean(value, key) for key, value in crumb["data"].items()}
    return crumb
