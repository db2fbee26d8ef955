"""The back office's blueprint: administrators only, and nothing of it kept by any cache."""
from flask import Blueprint, abort
from flask_login import current_user

from app.admin.labels import TEMPLATE_LABELS
from app.http import never_store

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.after_request(never_store)
bp.context_processor(lambda: TEMPLATE_LABELS)


@bp.before_request
def admins_only():
    """403 for anyone but a signed-in administrator (sign-in itself is the accounts' job)."""
    if not (current_user.is_authenticated and current_user.is_admin):
        abort(403)
