import pytest

from app import storage
from app.extensions import db
from tests.factories import log_in, make_film, make_user  # noqa: F401  (log_in is used by the tests)


@pytest.fixture
def own_film(app, filmmaker):
    """A draft of the filmmaker's; its source and renditions leave the store with it, as ids
    start again at 1 in the next test."""
    film = make_film(title="Mon film", status="draft", owner_id=filmmaker.id, poster_key=None)
    db.session.commit()
    film_id = film.id
    yield film
    for folder in ("sources", "renditions"):
        storage.store().delete_prefix(f"{folder}/{film_id}/")


@pytest.fixture
def video_file(tmp_path):
    """A real MP4 of a few megabytes named film.mp4 (noise does not compress)."""
    import subprocess

    path = tmp_path / "film.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "nullsrc=s=320x180:d=3:r=24,geq=random(1)*255:128:128",
                    "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-pix_fmt", "yuv420p", str(path)], check=True)
    assert path.stat().st_size > 2 * 1024 * 1024
    return path
