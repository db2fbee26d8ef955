import pytest

from app.extensions import db
from tests.factories import log_in, make_film, make_user  # noqa: F401  (log_in is used by the tests)


@pytest.fixture
def filmmaker(app):
    user = make_user("filmmaker", display_name="Afi")
    db.session.commit()
    return user


@pytest.fixture
def other_filmmaker(app):
    user = make_user("filmmaker", display_name="Kossi")
    db.session.commit()
    return user


@pytest.fixture
def own_film(filmmaker):
    film = make_film(title="Mon film", status="draft", owner_id=filmmaker.id, poster_key=None)
    db.session.commit()
    return film
