"""The studio's blueprint: filmmakers' own pages, never kept by any cache."""
from flask import Blueprint

from app.http import never_store

bp = Blueprint("studio", __name__, url_prefix="/studio")
bp.after_request(never_store)
