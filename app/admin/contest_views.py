"""Back-office contest pages: the list and the new contest form, one contest with its candidates,
held votes, audit log and CSV exports; every decision confirmed (admin/confirm.html)."""
from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import audit, labels, previews
from app.admin.blueprint import bp
from app.contests import manage, queries, reports
from app.contests.models import Candidate, Contest
from app.extensions import db
from app.pages import render

DECISIONS = {"state": ("open", "close"), "candidate": ("approve", "refuse"), "ballot": ("count", "reject")}
ACTIONS = {"approve": "approve_candidate", "refuse": "refuse_candidate", "count": "count_ballot",
           "reject": "reject_ballot", "open": "open", "close": "close"}
SHEETS = {"candidats": reports.candidates_csv, "votes": reports.ballots_csv, "transactions": reports.transactions_csv}


def _contest_or_404(contest_id):
    found = db.session.get(Contest, contest_id)
    if found is None:
        abort(404)
    return found


@bp.get("/concours")
def contests():
    return render("admin/contests.html", contests=queries.contests_for_admin(), form=manage.ContestForm())


@bp.post("/concours")
def create_contest():
    form = manage.ContestForm.from_form(request.form)
    if not form.clean():
        return render("admin/contests.html", status=422, contests=queries.contests_for_admin(), form=form)
    contest = manage.create_contest(current_user, form)
    db.session.commit()
    return redirect(url_for("admin.contest", contest_id=contest.id), 303)


@bp.get("/concours/<int:contest_id>")
def contest(contest_id):
    found = _contest_or_404(contest_id)
    return render("admin/contest.html", contest=found, held=queries.held_ballots(found),
                  entries=audit.about("contest", found.id), preview=previews.preview)


@bp.get("/concours/<int:contest_id>/<sheet>.csv")
def contest_sheet(contest_id, sheet):
    found = _contest_or_404(contest_id)
    if sheet not in SHEETS:
        abort(404)
    response = make_response(SHEETS[sheet](found))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = f'attachment; filename="concours-{found.id}-{sheet}.csv"'
    return response


@bp.post("/concours/<int:contest_id>/etat")
def move_contest(contest_id):
    found = _contest_or_404(contest_id)
    return _confirmed(found, found, "state", lambda decision: manage.move_contest(current_user, found, decision))


@bp.post("/concours/<int:contest_id>/candidats/<int:candidate_id>")
def decide_candidate(contest_id, candidate_id):
    found = _contest_or_404(contest_id)
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.contest_id != found.id:
        abort(404)
    return _confirmed(found, candidate, "candidate",
                      lambda decision: manage.decide_candidate(current_user, candidate, decision == "approve"))


@bp.post("/concours/<int:contest_id>/votes/<int:ballot_id>")
def decide_ballot(contest_id, ballot_id):
    found = _contest_or_404(contest_id)
    ballot = manage.ballot_or_none(found, ballot_id)
    if ballot is None:
        abort(404)
    return _confirmed(found, ballot, "ballot", lambda decision: manage.decide_ballot(current_user, ballot,
                                                                                    decision == "count"))


def _confirmed(contest, target, kind, decide):
    """Asked twice, as every back-office decision: the first POST shows what it does, the second
    (`confirmed=1`) does it; a decision that can no longer be taken comes back with why (422)."""
    decision = request.form.get("decision", "")
    back = url_for("admin.contest", contest_id=contest.id)
    if decision not in DECISIONS[kind]:
        flash(_("Choose a decision."))
        return redirect(back, 303)
    action, error = ACTIONS[decision], None
    if request.form.get("confirmed") == "1":
        try:
            decide(decision)
        except manage.ContestError as problem:
            db.session.rollback()
            error = str(problem)
        else:
            db.session.commit()
            flash(_("Done: %(what)s.", what=labels.ACTION_LABELS[f"contest.{action}"]))
            return redirect(back, 303)
    return render("admin/confirm.html", target=target, kind="contest", action=action, text="", text_field="comment",
                  error=error, consequence=labels.CONSEQUENCES.get(f"contest.{action}", ""), back=back,
                  form=request.form, status=422 if error else 200)
