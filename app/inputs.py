"""What arrives from outside, made safe to handle before any view reads it.

- NUL bytes are dropped from every query and form value (PostgreSQL refuses them in text, and
  no one types one); a path with a NUL names nothing, so it is a 404.
- `<int:…>` in a route matches only numbers the database's integer columns can hold.
- `whole_number` reads a number as people type it, in ASCII digits only: `str.isdigit()` also
  accepts "²" and "٣", which `int()` then refuses or reads as something else.
"""
from flask import abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


def init_app(app):
    """After the extensions that set their own request class (htmx), before any route is added."""
    app.request_class = type("CleanRequest", (WithoutNul, app.request_class), {})
    app.url_map.converters["int"] = DatabaseInteger
    app.before_request(_refuse_nul_in_path)


class WithoutNul:
    """Mixed into the app's request class: queries and forms as if NUL had never been typed."""

    @cached_property
    def args(self):
        return _without_nul(super().args)

    def _load_form_data(self):
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


class DatabaseInteger(IntegerConverter):
    """`<int:id>` up to the largest 32-bit integer: /films/2147483648 is a 404, not a 500."""

    def __init__(self, map, fixed_digits=0, min=None, max=INT32_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _without_nul(values):
    if not any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
        return values
    return ImmutableMultiDict([(key.replace("\x00", ""), value.replace("\x00", ""))
                               for key, value in values.items(multi=True)])


def _refuse_nul_in_path():
    if "\x00" in request.path:
        abort(404)


def whole_number(text, low=0, high=INT32_MAX):
    """The number `text` spells in ASCII digits (spaces around it allowed), within low..high; else None."""
    text = (text or "").strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if low <= number <= high else None
