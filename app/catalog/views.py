from flask import Blueprint, redirect, request, url_for
from flask_babel import get_locale

from app import data_saver
from app.catalog import choices as filter_lists
from app.catalog import freshness, params, personal, queries, recommendations  # noqa: F401  (personal: the parts)
from app.catalog.page_cache import shared_page
from app.accounts import opinions
from app.funding import sharing
from app.pages import render
from app.pwa.downloads import offline_copy
from app.talk import conversations
from app.watch import player

bp = Blueprint("catalog", __name__)

# A phone shows three cards and a bit of the fourth; each more is a poster paid for on a
# first visit. Four rows of six went over the 60 KB first-visit budget once the service
# worker's own fetches were counted (63.7 KB); rows of four give 54 KB.
HOME_ROW_SIZE = {"saver": 4, "standard": 8, "high": 8}
RELATED_SIZE = 6


@bp.get("/")
@shared_page(depends_on=(freshness.FILMS, freshness.PROJECTS))
def home():
    mode = data_saver.current()
    rows = queries.home_rows(HOME_ROW_SIZE[mode.mode])
    projects = queries.projects_to_support(3)
    return render("catalog/home.html", rows=rows, projects=projects)


@bp.get("/films")
@shared_page(reads=params.browse_args)
def browse():
    filters = params.filters_from(request.args)
    size = params.page_size(request.args, data_saver.current().page_size)
    page = queries.browse(filters, size)
    if page.number > page.pages:  # past the end (an old link, a list that shrank): its last page
        last = page.pages
        return redirect(url_for("catalog.browse", **dict(filters.as_args(), page=last if last > 1 else None,
                                                         par=size if last > 1 else None)), 302)
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
@shared_page
def film(slug):
    film = queries.film_or_404(slug)
    project = queries.film_project(film)
    freshness.depends_on(f"film:{film.id}", *([f"project:{project.id}"] if project else ()))
    watched_too = recommendations.co_watched(film, RELATED_SIZE)
    return render(
        "catalog/film.html",
        film=film,
        comments=opinions.visible_comments(film),
        download=offline_copy(film),
        qualities=[group[0] for group in player.qualities(film.renditions).values()],
        project=project,
        watched_too=watched_too,
        related=[f for f in queries.related_films(film, RELATED_SIZE) if f not in watched_too],
        share=sharing.film_share(film),
        talk_count=conversations.message_count(film),
    )
