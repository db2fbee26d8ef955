"""Contest pages: the contest and its leaderboard, a candidate with its film and vote form (the
payments engine's pay form, status page and jobs), and a filmmaker's submission."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.contests import bp, manage, queries, voting
from app.extensions import db
from app.funding import sharing
from app.inputs import whole_number
from app.pages import render
from app.payments import checkout, follow, providers
from app.studio.access import filmmaker_required
from app.watch import player


@bp.get("/concours")
def contests():
    return render("contests/list.html", contests=queries.open_contests())


@bp.get("/concours/<slug>")
def contest(slug):
    """The contest; its leaderboard alone for the htmx poll (a 304 while it is unchanged)."""
    found = queries.public_contest_or_404(slug)
    return render("contests/contest.html", "contests/_leaderboard.html", contest=found,
                  ranking=queries.leaderboard(found))


def _candidate_page(candidate, pay, status=200, limit_message=None, votes_typed="1"):
    return render("contests/candidate.html", status=status, candidate=candidate, contest=candidate.contest,
                  vote=candidate, pay=pay, methods=providers.offered_methods(), limit_message=limit_message,
                  votes_typed=votes_typed[:40], video=player.in_place(candidate.film),
                  share=sharing.candidate_share(candidate))


@bp.get("/concours/<slug>/candidats/<int:candidate_id>")
def candidate(slug, candidate_id):
    found = queries.candidate_or_404(queries.public_contest_or_404(slug), candidate_id)
    return _candidate_page(found, checkout.PayRequest(key=checkout.new_idempotency_key()))


@bp.post("/concours/<slug>/candidats/<int:candidate_id>/voter")
def vote(slug, candidate_id):
    found = queries.candidate_or_404(queries.public_contest_or_404(slug), candidate_id)
    pay = checkout.PayRequest.from_form(request.form)
    typed = (request.form.get("votes") or "").strip()
    existing = checkout.existing_payment(pay.key) if pay.key else None
    if existing is not None:  # a double tap or a resubmission: the ballot already exists
        return follow.to_status_page(existing)
    if not found.contest.takes_votes:
        return _candidate_page(found, pay, 409, votes_typed=typed)
    votes = voting.read_votes(pay, typed, found.contest)
    if not (checkout.clean(pay) and "votes" not in pay.errors):
        return _candidate_page(found, pay, 422, votes_typed=typed)
    try:
        payment = voting.start_vote(found, pay, votes, request.remote_addr)
    except checkout.LimitReached as limit:
        db.session.rollback()
        response = _candidate_page(found, pay, 429, limit_message=str(limit), votes_typed=typed)
        response.headers["Retry-After"] = str(limit.retry_after)
        return response
    db.session.commit()
    return follow.to_status_page(payment)


def _submit_page(found, status=200, error=None):
    return render("contests/submit.html", status=status, contest=found, films=manage.films_to_submit(current_user),
                  mine=queries.own_candidate(found, current_user), error=error, longest=manage.LONGEST_S)


@bp.get("/concours/<slug>/participer")
@filmmaker_required
def submit_form(slug):
    return _submit_page(queries.public_contest_or_404(slug))


@bp.post("/concours/<slug>/participer")
@filmmaker_required
def submit(slug):
    found = queries.public_contest_or_404(slug)
    try:
        manage.submit(found, current_user, whole_number(request.form.get("film", ""), 1))
    except manage.ContestError as error:
        db.session.rollback()
        return _submit_page(found, 422, str(error))
    db.session.commit()
    flash(_("Your film is sent: it appears in the contest once the team approves it."))
    return redirect(url_for("contests.submit_form", slug=found.slug), 303)
