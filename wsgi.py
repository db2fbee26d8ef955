"""Entry point for gunicorn (`gunicorn wsgi:app`) and the flask CLI (`FLASK_APP=wsgi`)."""
import sys

from app import create_app
from app.config_checks import ConfigError

try:
    app = create_app()
except ConfigError as error:  # one line that names what is missing, not a traceback
    sys.exit(str(error))
