"""The personal parts of cached catalogue pages, rendered afresh on every request.

Each is spliced into a stored page where its marker stands (app/catalog/page_cache.py) and
costs at most two small reads: a signed-in member's film page from the cache runs the
member's own reads, never the page's.
"""
from flask import render_template, request
from flask_login import current_user

from app import data_saver
from app.accounts import opinions
from app.catalog import recommendations
from app.catalog.page_cache import personal_part
from app.watch import progress


@personal_part("resume", per_viewer=True)
def resume(film_id, slug):
    """"Regarder le film", or "Reprise à 12:40" for a viewer who stopped in it."""
    viewing = progress.position_of(progress.viewer_key(current_user, request.cookies), int(film_id))
    resume_at = viewing.position_s if viewing and not viewing.completed else None
    return render_template("catalog/_resume.html", slug=slug, resume_at=resume_at)


@personal_part("my_opinion", per_viewer=True)
def my_opinion(film_id, slug):
    """A member's list and rating forms, with what they chose."""
    in_list, my_stars = opinions.member_state(current_user, int(film_id))
    return render_template("catalog/_my_opinion.html", slug=slug, in_list=in_list, my_stars=my_stars)


@personal_part("continue_watching", per_viewer=True)
def continue_watching():
    """The home page's first row for a member: films started and not finished."""
    if not current_user.is_authenticated:
        return ""
    watching = progress.continue_watching(f"u{current_user.id}")
    return render_template("catalog/_continue_watching.html", watching=watching) if watching else ""


FOR_YOU_SIZE = {"saver": 4, "standard": 8, "high": 8}  # as the home page's rows


@personal_part("for_you", per_viewer=True)
def for_you():
    """The home page's "For you" row, for a member or a visitor with a history; nothing else."""
    key = progress.viewer_key(current_user, request.cookies)
    if key is None:
        return ""
    user_id = current_user.id if current_user.is_authenticated else None
    films = recommendations.for_viewer(key, user_id, FOR_YOU_SIZE[data_saver.current().mode])
    return render_template("catalog/_for_you.html", films=films) if films else ""
