"""Members' public profiles, and their own contributions with receipts."""
from flask_login import current_user, login_required

from app.accounts import profiles
from app.accounts.blueprint import bp
from app.http import never_store
from app.pages import render
from app.teams import talents


@bp.get("/membres/<int:user_id>")
def member(user_id):
    member, films, is_own, talent = profiles.profile_or_404(user_id, current_user)
    response = render("accounts/member.html", member=member, films=films, is_own=is_own, talent=talent,
                      projects=talents.credited_projects(member.id))
    response.headers["Cache-Control"] = "private, no-cache"  # its owner sees a note the public does not
    return response


@bp.get("/compte/contributions")
@login_required
def my_contributions():
    return never_store(render("accounts/my_contributions.html",
                              contributions=profiles.contributions_of(current_user)))


@bp.get("/compte/contributions/<int:contribution_id>/recu")
@login_required
def receipt(contribution_id):
    contribution, payment = profiles.own_contribution_or_404(current_user, contribution_id)
    return never_store(render("accounts/receipt.html", contribution=contribution, payment=payment))
