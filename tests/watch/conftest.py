import pytest

from app.extensions import db
from app.watch import jobs
from tests.factories import make_film


@pytest.fixture
def transcoded_film(app, source_clip, run_jobs):
    """A published film transcoded by a real worker, from its source."""
    film = make_film(title="Harmattan", poster_key=None)
    jobs.attach_source(film, source_clip)
    db.session.commit()
    run_jobs()
    db.session.expire_all()
    return db.session.get(type(film), film.id)
