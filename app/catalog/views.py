from flask import Blueprint, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app import data_saver
from app.catalog import choices as filter_lists
from app.catalog import params, queries
from app.catalog.page_cache import shared_page
from app.accounts import opinions
from app.pages import render
from app.pwa.downloads import offline_copy
from app.watch import player, progress

bp = Blueprint("catalog", __name__)

# A phone shows three cards and a bit of the fourth; each more is a poster paid for on a
# first visit. Four rows of six went over the 60 KB first-visit budget once the service
# worker's own fetches were counted (63.7 KB); rows of four give 54 KB.
HOME_ROW_SIZE = {"saver": 4, "standard": 8, "high": 8}


@bp.get("/")
@shared_page
def home():
    mode = data_saver.current()
    rows = queries.home_rows(HOME_ROW_SIZE[mode.mode])
    projects = queries.projects_to_support(3)
    watching = progress.continue_watching(f"u{current_user.id}") if current_user.is_authenticated else []
    return render("catalog/home.html", rows=rows, projects=projects, watching=watching)


@bp.get("/films")
@shared_page(reads=params.browse_args)
def browse():
    filters = params.filters_from(request.args)
    size = params.page_size(request.args, data_saver.current().page_size)
    page = queries.browse(filters, size)
    choices = filter_lists.filter_choices(filters.director)
    return render("catalog/browse.html", "catalog/_film_list.html",
                  canonical_url=url_for("catalog.browse", **filters.as_args(), par=size if filters.page > 1 else None),
                  filters=filters, page=page, choices=choices, locale=str(get_locale()))


@bp.get("/recherche")
@shared_page(reads=params.search_args)
def search():
    raw = params.search_text(request.args)
    number = params.page_number(request.args)
    size = params.page_size(request.args, data_saver.current().page_size)
    page = queries.search_films(raw, number, size)
    canonical = url_for("catalog.search", q=raw or None, page=number if number > 1 else None,
                        par=size if number > 1 else None)
    return render("catalog/search.html", "catalog/_search_results.html", canonical_url=canonical, q=raw, page=page)


@bp.get("/films/<slug>")
@shared_page(personal_cookies=(progress.VISITOR_COOKIE,))
def film(slug):
    film = queries.film_or_404(slug)
    viewing = progress.position_of(progress.viewer_key(current_user, request.cookies), film.id)
    in_list, my_stars = opinions.member_state(current_user, film)
    return render(
        "catalog/film.html",
        film=film,
        resume_at=viewing.position_s if viewing and not viewing.completed else None,
        comments=opinions.visible_comments(film),
        in_list=in_list,
        download=offline_copy(film),
        qualities=[group[0] for group in player.qualities(film.renditions).values()],
        my_stars=my_stars,
        project=queries.film_project(film),
        related=queries.related_films(film, 6),
    )
