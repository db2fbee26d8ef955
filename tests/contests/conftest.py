"""Fixtures of the contest tests: an open contest, an approved candidate whose film plays, a
paid ballot made the way the payments engine makes one, and those shared with the payment tests
(the simulator over real HTTP) and the back office (an administrator)."""
import re
import secrets
import uuid
from datetime import timedelta

import pytest

from app.contests import tally
from app.contests.models import Candidate, Contest
from app.extensions import db
from app.payments import outcomes
from app.payments.models import Payment
from app.timeutil import utcnow
from tests.factories import make_film
from tests.payments.conftest import drain, payments_app  # noqa: F401


def make_contest(status="open", price=100, title="Lomé en une minute"):
    contest = Contest(slug=f"lome-{secrets.token_hex(3)}", title=title, theme="La ville", rules="Une minute.",
                      prize="500 000 FCFA", vote_price_fcfa=price, status=status,
                      starts_at=utcnow() - timedelta(days=1), ends_at=utcnow() + timedelta(days=10))
    db.session.add(contest)
    db.session.flush()
    return contest


def make_candidate(contest, film, status="approved"):
    candidate = Candidate(contest_id=contest.id, film_id=film.id, owner_id=film.owner_id, status=status)
    db.session.add(candidate)
    db.session.flush()
    return candidate


def paid_ballot(candidate, votes=1, hold_reason=None, phone="+22890000001", client_ip="10.0.0.1"):
    """A ballot and its payment, confirmed through apply_outcome as a status query would."""
    ballot = tally.new_ballot(contest_id=candidate.contest_id, candidate_id=candidate.id, votes=votes,
                              amount_fcfa=votes * candidate.contest.vote_price_fcfa, phone=phone,
                              client_ip=client_ip, hold_reason=hold_reason)
    payment = Payment(provider="paygate", method="tmoney", phone=phone, amount_fcfa=ballot.amount_fcfa,
                      reference=str(uuid.uuid4()), idempotency_key=secrets.token_urlsafe(24),
                      short_code=secrets.token_hex(5), status="awaiting_payer", ballot_id=ballot.id)
    db.session.add(payment)
    db.session.flush()
    outcomes.apply_outcome(payment.id, "succeeded", "poll")
    db.session.commit()
    return db.session.get(type(ballot), ballot.id)


@pytest.fixture
def contest(app):
    found = make_contest()
    db.session.commit()
    return found


@pytest.fixture
def candidate(contest, playable_film, filmmaker):
    playable_film.owner_id = filmmaker.id
    playable_film.status = "draft"  # a contest film need not be in the catalogue
    found = make_candidate(contest, playable_film)
    db.session.commit()
    return found


def rival(contest, title="Rival"):
    film = make_film(title=title, status="draft", video_status="ready", duration_s=40)
    return make_candidate(contest, film)


def csrf_of(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def key_of(page):
    return re.search(r'name="key" value="([^"]+)"', page).group(1)
