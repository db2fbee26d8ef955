"""Paying an approved payout, once, and confirming it by status query.

`send_payout` writes `sending` and commits before it asks the provider, as refunds do: a job
run twice, or a worker that died after asking, finds `sending` and only asks where the
payout stands (`check_payout`), never for a second payment. MTN is also given the payout's
reference as X-Reference-Id, which it refuses to take twice. A refusal leaves the money in
the filmmaker's payable account and the payout `failed`, for a person to settle; an unclear
answer keeps it `sending` and asked about, by the jobs and by `flask payments reconcile`.
"""
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.funding import ledger
from app.jobs import enqueue_after_commit
from app.payments import providers
from app.payments.providers.base import FAILED, PAID, ProviderError, ProviderRefused
from app.payouts import notices
from app.payouts.models import Payout
from app.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)
LOST_JOB_SECONDS = 120  # an approved payout not sent after this is sent by the sweep


def _lock(payout_id):
    query = select(Payout).where(Payout.id == payout_id).with_for_update().execution_options(populate_existing=True)
    return db.session.scalars(query).first()


def send_payout(payout_id):
    """Job: asks the provider to pay an approved payout; safe to run twice."""
    payout = _lock(payout_id)
    if payout is None or payout.status != "approved":
        db.session.rollback()
        return
    client = providers.client(payout.provider)
    payout.status, payout.requested_at = "sending", utcnow()
    db.session.commit()  # recorded before it is sent: never sent twice
    try:
        provider_reference = client.pay_out(payout)
    except ProviderRefused as error:
        _fail(payout_id, str(error))
        return
    except ProviderError as error:
        payout = _lock(payout_id)
        payout.failure_reason = f"unclear answer: {error}"[:200]
        _schedule_check(payout)
        db.session.commit()
        log.warning("payout %s: the provider's answer was unclear; asking its status", payout_id)
        return
    payout = _lock(payout_id)
    payout.provider_reference = provider_reference
    db.session.commit()
    check_payout(payout_id, payout.check_count)


def check_payout(payout_id, attempt):
    """Job: asks where a sent payout stands; paid is booked once, failed left to a person."""
    payout = _lock(payout_id)
    if payout is None or payout.status != "sending" or payout.check_count != attempt:
        db.session.rollback()
        return
    payout.check_count = attempt + 1
    try:
        status = providers.client(payout.provider).payout_status(payout)
    except ProviderError as error:
        log.warning("payout %s: status not available (%s)", payout_id, error)
        _schedule_check(payout)
        db.session.commit()
        return
    if status.state == PAID and status.amount_fcfa not in (None, payout.amount_fcfa):
        payout.failure_reason = f"the provider says {status.amount_fcfa} FCFA were paid"[:200]
        log.error("payout %s: paid amount %s differs from %s", payout_id, status.amount_fcfa, payout.amount_fcfa)
        db.session.commit()  # left for a person, never booked as paid
    elif status.state == PAID:
        payout.status, payout.paid_at, payout.failure_reason = "paid", utcnow(), None
        payout.provider_reference = status.provider_reference or payout.provider_reference
        if ledger.mark_paid_out(payout.id, payout.project_id, payout.provider, payout.amount_fcfa):
            notices.tell_paid(payout, payout.project)
        db.session.commit()
        log.info("payout %s paid: %s FCFA through %s", payout_id, payout.amount_fcfa, payout.provider)
    elif status.state == FAILED:
        db.session.commit()
        _fail(payout_id, status.reason or "refused by the provider")
    else:
        _schedule_check(payout)
        db.session.commit()


def _fail(payout_id, reason):
    payout = _lock(payout_id)
    payout.status, payout.failure_reason = "failed", reason[:200]
    db.session.commit()
    log.warning("payout %s failed: %s; the money stays owed to the filmmaker", payout_id, reason[:80])


def _schedule_check(payout):
    delays = [int(d) for d in str(current_app.config["PAYOUT_CHECK_DELAYS"]).split(",")]
    if payout.check_count < len(delays):
        enqueue_after_commit(check_payout, payout.id, payout.check_count, delay=delays[payout.check_count])


def sweep_payouts():
    """`flask payments reconcile`: sends approved payouts whose job was lost and asks about every
    payout still `sending`; returns how many were looked at."""
    stale = utcnow() - timedelta(seconds=LOST_JOB_SECONDS)
    rows = db.session.execute(select(Payout.id, Payout.status, Payout.check_count, Payout.approved_at)
                              .where(Payout.status.in_(("approved", "sending"))).order_by(Payout.id)).all()
    for payout_id, status, check_count, approved_at in rows:
        try:
            if status == "approved" and as_utc(approved_at) < stale:
                send_payout(payout_id)
            elif status == "sending":
                check_payout(payout_id, check_count)
        except ProviderError as error:  # its provider is not configured here: the next sweep
            log.warning("payout %s not sent or checked: %s", payout_id, error)
        db.session.rollback()
    return len(rows)
