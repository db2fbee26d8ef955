"""The members' blueprint: signing up and in, profiles, contributions, opinions."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
