"""An invitation as its guest sees it, a member's talent settings, and the talent search."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.catalog.countries import COUNTRIES
from app.catalog.models import CREDIT_ROLES
from app.extensions import db
from app.http import never_store
from app.inputs import whole_number
from app.pages import render
from app.teams import bp, invitations, talents
from app.teams.labels import LANGUAGE_LABELS

MESSAGES = {
    "expired": _l("This invitation has expired. Ask the team for a new link."),
    "revoked": _l("The team has withdrawn this invitation. Ask them for a new link if needed."),
    "accepted": _l("This invitation has already been accepted."),
    "declined": _l("This invitation was declined. Ask the team for a new link if you changed your mind."),
}


def _invitation_or_404(token, lock=False):
    invitation = invitations.by_token(token, lock=lock)
    if invitation is None:
        abort(404)
    return invitation


@bp.get("/invitations/<token>")
def invitation(token):
    invitation = _invitation_or_404(token)
    state = invitations.state_of(invitation)
    mine = current_user.is_authenticated and invitation.answered_by_id == current_user.id
    return never_store(render("teams/invitation.html", invitation=invitation, state=state, mine=mine,
                              message=MESSAGES.get(state),
                              title=invitations.team_title(invitation)))


@bp.post("/invitations/<token>")
def answer(token):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=url_for("teams.invitation", token=token)), 303)
    invitation = _invitation_or_404(token, lock=True)  # a second tab waits here, then finds it answered
    if request.form.get("answer") == "decline":
        invitations.decline(invitation, current_user)
        db.session.commit()
        flash(_("You declined the invitation."))
    elif invitations.accept(invitation, current_user):
        db.session.commit()
        flash(_("Welcome to the team! The film's credits and your profile now show it."))
    else:
        db.session.rollback()
    return redirect(url_for("teams.invitation", token=token), 303)


@bp.route("/compte/profil-talent", methods=["GET", "POST"])
@login_required
def settings():
    error = None
    if request.method == "POST":
        try:
            talents.save_profile(current_user, request.form)
        except talents.TalentError as problem:
            db.session.rollback()
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Profile saved."))
            return redirect(url_for("teams.settings"), 303)
    profile = talents.profile_of(current_user.id)
    return never_store(render("teams/settings.html", status=422 if error else 200, error=error,
                              profile=profile, form=request.form if error else None,
                              countries=COUNTRIES, languages=LANGUAGE_LABELS, parts=talents.PARTS))


def _filters(args):
    def text(name):
        return " ".join((args.get(name) or "").split())[:60]

    role, country, language = args.get("role"), args.get("country"), args.get("language")
    return talents.TalentFilters(q=text("q"), skill=text("skill"), city=text("city"),
                                 role=role if role in CREDIT_ROLES else "",
                                 country=country if country in COUNTRIES else "",
                                 language=language if language in LANGUAGE_LABELS else "")


@bp.get("/talents")
def talent_search():
    filters = _filters(request.args)
    page = whole_number(request.args.get("page"), low=1, high=500) or 1
    found, has_next = talents.search_talents(filters, page)
    return render("teams/talents.html", filters=filters, found=found, has_next=has_next, page=page,
                  roles_of=talents.roles_of([user.id for user, _shown in found]), roles=CREDIT_ROLES,
                  countries=COUNTRIES, languages=LANGUAGE_LABELS)
