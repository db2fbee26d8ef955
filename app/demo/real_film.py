"""A real film for the demo, the benches and the tests: Big Buck Bunny (Blender Foundation, CC-BY 3.0).

1280×720, 24 images a second, stereo, 9 min 56 s, 50 MB. It ships inside the source
distribution of moviepy 2.2.1 on PyPI, so pip fetches it like any package, from the index
the machine already trusts; the file is pinned by its SHA-256 and kept in FILM_CACHE
(~/.cache/karangou), never in git. `scripts/fetch-film` (run by `scripts/test`) fetches it:

    .venv/bin/python -m app.demo.real_film          # prints the film's path
"""
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

from app.config import Config
from app.media import video

SDIST = "moviepy==2.2.1"
ARCHIVE = "moviepy-2.2.1/docs/_static/medias/getting_started/moviepy_10_minutes/moviepy_10_minutes.zip"
MEMBER = "moviepy_10_minutes/resources/bbb.mp4"
SHA256 = "475fbbf34c4c367998f80c29ea03b15a743941179b12da3373fc6706e68621d0"
NAME = "big-buck-bunny.mp4"
TITLE = "Big Buck Bunny"
CREDIT = "Big Buck Bunny, (c) 2008 Blender Foundation, peach.blender.org, CC-BY 3.0"


def path_if_present(cache=None):
    """The film's path once fetched, else None."""
    path = os.path.join(cache or Config.FILM_CACHE, NAME)
    return path if os.path.exists(path) else None


def fetch(cache=None):
    """The film's path, downloading and checking it the first time; RuntimeError if it cannot."""
    cache = cache or Config.FILM_CACHE
    present = path_if_present(cache)
    if present:
        return present
    os.makedirs(cache, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="karangou-film-", dir=cache) as folder:
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                               "--no-deps", "--no-binary", ":all:", SDIST, "-d", folder],
                              capture_output=True, text=True, timeout=1800)
        sdists = [name for name in os.listdir(folder) if name.endswith(".tar.gz")]
        if done.returncode != 0 or not sdists:
            raise RuntimeError(f"pip could not fetch {SDIST}: {done.stderr.strip()[-500:]}")
        data = _film_bytes(os.path.join(folder, sdists[0]))
        if hashlib.sha256(data).hexdigest() != SHA256:
            raise RuntimeError(f"{SDIST} does not hold the film we pinned (SHA-256 differs)")
        partial = os.path.join(folder, NAME)
        with open(partial, "wb") as f:
            f.write(data)
        os.replace(partial, os.path.join(cache, NAME))
    return os.path.join(cache, NAME)


def cut(seconds, cache=None):
    """The film's first `seconds`, streams copied (no re-encoding); made once, then kept."""
    cache = cache or Config.FILM_CACHE
    path = os.path.join(cache, f"big-buck-bunny-{seconds}s.mp4")
    if not os.path.exists(path):
        partial = path + ".part.mp4"
        video.cut(fetch(cache), partial, seconds)
        os.replace(partial, path)
    return path


def _film_bytes(sdist):
    with tarfile.open(sdist) as archive:
        inner = archive.extractfile(ARCHIVE)
        if inner is None:
            raise RuntimeError(f"{ARCHIVE} is not in {SDIST}")
        with zipfile.ZipFile(io.BytesIO(inner.read())) as zipped:
            return zipped.read(MEMBER)


if __name__ == "__main__":
    try:
        print(fetch(sys.argv[1] if len(sys.argv) > 1 else None))
    except RuntimeError as error:
        sys.exit(f"fetch-film: {error}")
