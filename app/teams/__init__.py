"""Film teams: invitations to join a film's or a project's team, members' public talent
profiles, and the talent search."""
from flask import Blueprint

bp = Blueprint("teams", __name__)
