"""Posters: stored once, served as small WebP variants for `srcset`.

Variants live at <media root>/posters/<kind>/<owner id>/<key>/<width>.webp, where the key
is a hash of the source image: a new poster gets new URLs, so every variant can be cached
for a year. Small widths get a lower quality: at 96–160 px on a phone the difference does
not show, the bytes do (a list variant must stay under 4 KB).
"""
import hashlib
import io
import os

from flask import current_app, url_for
from PIL import Image, ImageOps

KINDS = ("films", "projects")
RATIO = 1.5  # height / width
QUALITY = {96: 45, 160: 50, 320: 62, 640: 70}


class PosterError(ValueError):
    """The upload is not an image we can read."""


def store_poster(kind, owner_id, source):
    """Writes every variant of `source` (bytes or a file); returns (key, average colour)."""
    data = source if isinstance(source, bytes) else source.read()
    try:
        image = Image.open(io.BytesIO(data))
        image = ImageOps.exif_transpose(image).convert("RGB")
    except Exception as error:  # Pillow raises many kinds for bad files
        raise PosterError(str(error)) from error
    widths = current_app.config["POSTER_WIDTHS"]
    largest = max(widths)
    image = ImageOps.fit(image, (largest, int(largest * RATIO)), Image.LANCZOS)
    key = hashlib.sha256(data).hexdigest()[:12]
    folder = os.path.join(current_app.config["MEDIA_ROOT"], "posters", kind, str(owner_id), key)
    os.makedirs(folder, exist_ok=True)
    for width in widths:
        variant = image.resize((width, int(width * RATIO)), Image.LANCZOS)
        variant.save(os.path.join(folder, f"{width}.webp"), "WEBP",
                     quality=QUALITY.get(width, 60), method=6)
    r, g, b = image.resize((1, 1), Image.BOX).getpixel((0, 0))
    return key, f"#{r:02x}{g:02x}{b:02x}"


def poster_path(kind, owner_id, key, width):
    return os.path.join(current_app.config["MEDIA_ROOT"], "posters", kind, str(owner_id), key, f"{width}.webp")


def poster_url(kind, owner, width):
    return url_for("media.poster", kind=kind, owner_id=owner.id, key=owner.poster_key, width=width)


def poster_srcset(kind, owner, widths):
    return ", ".join(f"{poster_url(kind, owner, w)} {w}w" for w in widths)
