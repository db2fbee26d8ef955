"""Creator checks: the filmmaker sends an identity document, an administrator approves it, and
only then may a project of theirs go live (app.admin.review.decide_project asks `is_approved`).

The document is kept in the store under identity/<user id>/… and served to administrators
only (app.admin.creator_views); it never appears on a public page. Sending a new one puts the
check back to pending and removes the previous file.
"""
import secrets

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import storage
from app.creators.models import CreatorCheck
from app.extensions import db
from app.payouts.models import PayoutWallet
from app.studio import documents
from app.timeutil import utcnow


def check_of(user_id):
    return db.session.scalar(select(CreatorCheck).where(CreatorCheck.user_id == user_id))


def is_approved(user_id):
    check = check_of(user_id) if user_id else None
    return check is not None and check.is_approved


def submit_identity(user, data):
    """Keeps the identity document (sniffed as project documents are) and asks for a review.
    Raises documents.DocumentError; flushes."""
    content_type, extension = documents.sniff(data)
    key = f"identity/{user.id}/{secrets.token_hex(12)}.{extension}"
    storage.store().put_bytes(key, data, content_type)
    check = check_of(user.id)
    if check is None:
        check = CreatorCheck(user_id=user.id)
        db.session.add(check)
    elif check.document_key:
        storage.store().delete(check.document_key)
    check.document_key, check.content_type, check.size_bytes = key, content_type, len(data)
    check.status, check.comment, check.submitted_at = "pending", "", utcnow()
    check.decided_at = check.decided_by_id = None
    db.session.flush()
    return check


def decide(admin, check, approve, comment=""):
    """Approves or refuses a pending check (a refusal says why). Returns False when there is no
    document to decide on. Flushes."""
    if not check.document_key:
        return False
    check.status = "approved" if approve else "rejected"
    check.comment = "" if approve else comment.strip()[:1000]
    check.decided_at, check.decided_by_id = utcnow(), admin.id
    db.session.flush()
    return True


def checks_to_review(limit=100):
    """Pending checks first, oldest first; then the latest decided ones."""
    query = (select(CreatorCheck).options(joinedload(CreatorCheck.user))
             .order_by((CreatorCheck.status != "pending"), CreatorCheck.submitted_at).limit(limit))
    return db.session.scalars(query).all()


def wallet_holder_name(user_id):
    """The holder's name of the member's payout wallet (MTN's account-holder answer, or as typed
    for Flooz and T-Money), for the administrator to compare with the identity document."""
    return db.session.scalar(select(PayoutWallet.holder_name).where(PayoutWallet.user_id == user_id,
                                                                    PayoutWallet.holder_name != "")) or None
