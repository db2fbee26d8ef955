"""Rendering pages and their htmx fragments from one view."""
from flask import make_response, render_template, request
from flask_babel import format_date, format_decimal

from app import data_saver
from app.catalog.countries import by_country_name, country_name
from app.catalog.labels import credit_role, film_status, project_status, video_status
from app.teams.labels import invitation_state, language
from app.creators.labels import creator_check_status
from app.media import posters
from app.studio.documents import file_size, kind_label
from app.palette import palette_index


def wants_fragment():
    """A targeted htmx request; boosted requests and history restores want the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(page_template, fragment_template=None, status=200, canonical_url=None, **context):
    """The full page, or only the fragment for htmx; caches are told the two differ.

    `canonical_url` is what the address bar should show after an htmx swap: the filter
    form sends its empty fields too, the address should not carry them.
    """
    fragment = bool(fragment_template) and wants_fragment()
    template = fragment_template if fragment else page_template
    response = make_response(render_template(template, **context), status)
    if fragment_template:
        response.vary.add("HX-Request")
    if fragment and canonical_url:
        response.headers["HX-Push-Url"] = canonical_url
    return response


def fcfa(amount):
    """Whole FCFA with the locale's thousands separator: 12 500 in French, 12,500 in English."""
    return format_decimal(int(amount))


def day(moment):
    """A date as people write it: 5 décembre 2026, December 5, 2026."""
    return format_date(moment, format="long")


def megabytes(size_bytes):
    """Bytes as megabytes (10⁶) to one decimal, in the locale's format: 35,0 in French, 35.0 in English."""
    return format_decimal(size_bytes / 1_000_000, format="#,##0.0")


def stars(rating):
    """An average rating to one decimal in the locale's format: 3,0 in French, 3.0 in English."""
    return format_decimal(rating, format="0.0")


def duration(seconds):
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d}"
    return f"{minutes} min {secs:02d}" if minutes else f"{secs} s"


def init_app(app):
    app.jinja_env.globals.update(
        data_saver=data_saver.current,
        country_name=country_name,
        by_country_name=by_country_name,
        palette_index=palette_index,
        credit_role=credit_role,
        invitation_state=invitation_state,
        language_name=language,
        film_status=film_status,
        video_status=video_status,
        project_status=project_status,
        creator_check_status=creator_check_status,
        document_kind=kind_label,
        file_size=file_size,
        poster_url=posters.poster_url,
        poster_srcset=posters.poster_srcset,
    )
    app.jinja_env.filters.update(stars=stars, fcfa=fcfa, duration=duration, mb=megabytes, day=day)
