"""App icons drawn with Pillow once per process: the same design as static/img/icon.svg."""
import io
from functools import lru_cache

from PIL import Image, ImageDraw

SIZES = (192, 512)


@lru_cache(maxsize=4)
def icon_png(size, maskable=False):
    image = Image.new("RGB", (size, size), (142, 47, 47))
    draw = ImageDraw.Draw(image)
    scale = size / 64
    inset = 0.8 if maskable else 1.0  # maskable icons keep their drawing in the safe circle
    cx, cy, r = 32 * scale, 30 * scale, 14 * scale * inset
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(217, 164, 65))
    half = 22 * scale * inset
    draw.rounded_rectangle((cx - half, 44 * scale, cx + half, 50 * scale), radius=3 * scale, fill=(251, 247, 240))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
