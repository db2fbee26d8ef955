"""Query-string parsing for catalogue pages: a bad value is dropped, never a crash."""
import re

from app.catalog.countries import COUNTRIES
from app.catalog.search import MAX_QUERY_LENGTH
from app.data_saver import PAGE_SIZES
from app.catalog.queries import Filters
from app.inputs import whole_number

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
MAX_PAGE = 10_000


def page_number(args):
    return _int(args.get("page"), 1, MAX_PAGE) or 1


def page_size(args, default):
    """The size the list had when its page links were made: the phone's connection hint
    arrives from the second request on and may change the mode, and page 2 of twelve must
    still follow page 1 of twelve."""
    chosen = _int(args.get("par"), 1, 99)
    return chosen if chosen in PAGE_SIZES.values() else default


def filters_from(args):
    country = (args.get("country") or "").upper()
    return Filters(
        genre=_slug(args.get("genre")),
        country=country if country in COUNTRIES else None,
        director=_slug(args.get("director")),
        year=_int(args.get("year"), 1900, 2100),
        page=page_number(args),
    )


def browse_args(args):
    """What the browse page reads from its address, parsed (the page cache keys on it)."""
    return {**filters_from(args).as_args(), "par": page_size(args, None)}


def search_args(args):
    """What the search page reads from its address, parsed (the page cache keys on it)."""
    number = page_number(args)
    return {"q": search_text(args), "page": number if number > 1 else None, "par": page_size(args, None)}


def search_text(args):
    """What was typed, cut to what the search reads (the box takes no more): a query of
    5,000 characters is neither echoed whole nor keyed whole in the page cache."""
    return args.get("q", "")[:MAX_QUERY_LENGTH]


def _slug(value):
    return value if value and SLUG.match(value) else None


def _int(value, low, high):
    return whole_number(value, low, high)
