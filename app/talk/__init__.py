"""Conversations between the audience and a film's team: one per film and one per project."""
from flask import Blueprint

bp = Blueprint("talk", __name__)
