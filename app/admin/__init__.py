"""Back office for administrators only."""
from functools import wraps

from flask import abort
from flask_login import current_user


def admin_required(view):
    """403 for anyone but a signed-in administrator (sign-in itself is the accounts' job)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not (current_user.is_authenticated and current_user.is_admin):
            abort(403)
        return view(*args, **kwargs)

    return wrapper
