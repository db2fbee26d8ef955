"""A film's or a project's team in the studio: inviting, the links and their states, revoking."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.catalog.models import CREDIT_ROLES
from app.extensions import db
from app.http import never_store
from app.pages import render
from app.studio.access import filmmaker_required, own_film_or_404, own_project_or_404
from app.teams import bp, invitations
from app.teams.models import Invitation


def _team_page(team, back_url, here_url):
    error = None
    if request.method == "POST":
        try:
            invitation = invitations.invite(team, request.form, current_user)
        except invitations.InvitationError as problem:
            db.session.rollback()
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Invitation created. An SMS with the link is on its way.") if invitation.phone
                  else _("Invitation created. Copy its link and send it."))
            return redirect(here_url, 303)
    rows = [(i, invitations.state_of(i)) for i in invitations.invitations_of(team)]
    return never_store(render("teams/team.html", status=422 if error else 200, team=team, rows=rows,
                              roles=CREDIT_ROLES, back_url=back_url, action=here_url, error=error,
                              form=request.form if error else {}, link_of=invitations.link_of,
                              whatsapp_uri=invitations.whatsapp_uri))


@bp.route("/studio/films/<int:film_id>/equipe", methods=["GET", "POST"])
@filmmaker_required
def film_team(film_id):
    film = own_film_or_404(film_id)
    if film.kind == "pitch":  # a project's presentation video: its team is the project's
        abort(404)
    return _team_page(film, url_for("studio.film", film_id=film.id), url_for("teams.film_team", film_id=film.id))


@bp.route("/studio/projets/<int:project_id>/equipe", methods=["GET", "POST"])
@filmmaker_required
def project_team(project_id):
    project = own_project_or_404(project_id)
    return _team_page(project, url_for("studio.project", project_id=project.id),
                      url_for("teams.project_team", project_id=project.id))


@bp.post("/studio/invitations/<int:invitation_id>/revoquer")
@filmmaker_required
def revoke(invitation_id):
    invitation = db.session.get(Invitation, invitation_id)
    team = invitation and (invitation.film or invitation.project)
    if team is None or team.owner_id != current_user.id:
        abort(404)
    invitations.revoke(invitation)
    db.session.commit()
    flash(_("The invitation link no longer works."))
    if invitation.film_id:
        return redirect(url_for("teams.film_team", film_id=invitation.film_id), 303)
    return redirect(url_for("teams.project_team", project_id=invitation.project_id), 303)
