"""Film contests with paid votes: contest pages, the leaderboard, candidates' pages and their
vote form (the payments engine's), filmmakers' submissions. The back office's pages are in
app/admin/contest_views.py; the count is kept by tally.py."""
from flask import Blueprint

bp = Blueprint("contests", __name__)


def init_app(app):
    from app.contests.voting import most_votes

    app.jinja_env.globals.update(most_votes=most_votes)
