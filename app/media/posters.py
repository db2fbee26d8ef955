"""Posters: stored once, served as small WebP variants for `srcset`.

Variants are stored (app.storage) under posters/<kind>/<owner id>/<key>/<width>.webp, where the key
is a hash of the source image: a new poster gets new URLs, so every variant can be cached
for a year. Small widths get a lower quality: at 96–160 px on a phone the difference does
not show, the bytes do (a list variant must stay under 4 KB).

An image is refused past MAX_PIXELS from its header alone, before any pixel is decoded: a
441 KB PNG of 12000 × 12000 pixels decodes to 430 MB and made a web worker grow by 1.6 GB.
"""
import hashlib
import io
import warnings

from flask import current_app, url_for
from PIL import Image, ImageOps

from app import storage

KINDS = ("films", "projects")
RATIO = 1.5  # height / width
QUALITY = {96: 45, 160: 50, 320: 62, 640: 70}
# 40 megapixels: a 24 MP camera or a 6000 × 6000 design file passes; decoded, it takes at
# most 160 MB for a moment. Our largest variant is 640 × 960, so nothing is lost.
MAX_PIXELS = 40_000_000
# Anything else that opens an image with Pillow: a warning past this, an error past twice it.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PosterError(ValueError):
    """The upload is not an image we can use; `reason` says why in one word
    ("unreadable", "too_many_pixels"), the message says it for the logs."""

    def __init__(self, reason, detail=""):
        super().__init__(detail or reason)
        self.reason = reason


def open_image(data):
    """The image, its header read and its size checked; no pixel decoded yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked just below
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as error:
        raise PosterError("too_many_pixels", str(error)) from error
    except Exception as error:  # Pillow raises many kinds for bad files
        raise PosterError("unreadable", str(error)) from error
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise PosterError("too_many_pixels", f"{width}x{height} pixels")
    return image


def store_poster(kind, owner_id, source):
    """Writes every variant of `source` (bytes or a file); returns (key, average colour).
    Raises PosterError for a file that is not an image, or one with too many pixels."""
    data = source if isinstance(source, bytes) else source.read()
    widths = current_app.config["POSTER_WIDTHS"]
    largest = max(widths)
    image = _decoded(open_image(data), (largest, int(largest * RATIO)))
    key = hashlib.sha256(data).hexdigest()[:12]
    for width in widths:
        variant = image.resize((width, int(width * RATIO)), Image.LANCZOS)
        encoded = io.BytesIO()
        variant.save(encoded, "WEBP", quality=QUALITY.get(width, 60), method=6)
        storage.store().put_bytes(poster_key(kind, owner_id, key, width), encoded.getvalue(), "image/webp")
    r, g, b = image.resize((1, 1), Image.BOX).getpixel((0, 0))
    return key, f"#{r:02x}{g:02x}{b:02x}"


def _decoded(image, size):
    """The image cropped to 2:3 at `size`, keeping as few full-size copies in memory as can be:
    a JPEG is decoded at 1/2 to 1/8 scale when that is still larger than `size`."""
    try:
        image.draft("RGB", (size[0] * 2, size[1] * 2))
        ImageOps.exif_transpose(image, in_place=True)
        if image.mode != "RGB":
            image = image.convert("RGB")
        return ImageOps.fit(image, size, Image.LANCZOS)
    except Exception as error:  # a header that promised more than the file holds
        raise PosterError("unreadable", str(error)) from error


def poster_key(kind, owner_id, key, width):
    """Where a variant is stored."""
    return f"posters/{kind}/{owner_id}/{key}/{width}.webp"


def poster_url(kind, owner, width):
    return url_for("media.poster", kind=kind, owner_id=owner.id, key=owner.poster_key, width=width)


def poster_srcset(kind, owner, widths):
    return ", ".join(f"{poster_url(kind, owner, w)} {w}w" for w in widths)
