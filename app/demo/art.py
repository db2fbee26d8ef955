"""Poster art for demo films: flat shapes and the title, drawn with Pillow.

Flat colours keep the WebP variants small, the way a real designer's poster would not.
"""
import io
import random
import textwrap

from PIL import Image, ImageDraw, ImageFont

FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
COLOURS = [
    ((142, 47, 47), (217, 164, 65)), ((31, 95, 91), (232, 220, 190)), ((36, 70, 107), (200, 120, 42)),
    ((59, 42, 32), (217, 164, 65)), ((107, 47, 91), (240, 200, 160)), ((47, 93, 58), (230, 210, 120)),
    ((160, 82, 45), (250, 235, 200)), ((60, 47, 107), (210, 180, 90)),
]


def _font(path, size):
    try:
        return ImageFont.truetype(path, size)
    except OSError:  # fonts-dejavu-core missing: Pillow's own font still gives a poster
        return ImageFont.load_default(size=size)


def draw_poster(title, subtitle, seed):
    """A 640×960 PNG, as bytes."""
    rng = random.Random(seed)
    background, ink = COLOURS[rng.randrange(len(COLOURS))]
    image = Image.new("RGB", (640, 960), background)
    draw = ImageDraw.Draw(image)
    motif = rng.randrange(3)
    if motif == 0:  # a low sun over the horizon
        r = rng.randrange(140, 220)
        cx = rng.randrange(180, 460)
        draw.ellipse((cx - r, 430 - r, cx + r, 430 + r), fill=ink)
        draw.rectangle((0, 520, 640, 960), fill=tuple(c // 2 for c in background))
    elif motif == 1:  # woven bands
        for y in range(120, 620, 70):
            draw.rectangle((0, y, 640, y + 28), fill=ink)
            for x in range(rng.randrange(0, 60), 640, 120):
                draw.rectangle((x, y + 28, x + 50, y + 70), fill=tuple(c // 2 for c in background))
    else:  # hills
        for i in range(3):
            top = 380 + i * 110
            shade = tuple(min(255, c + 35 * (i - 1)) for c in ink) if i else ink
            draw.polygon([(0, top + 120), (rng.randrange(120, 520), top), (640, top + 90), (640, 960), (0, 960)], fill=shade)
    draw.rectangle((0, 610, 640, 960), fill=tuple(c // 3 for c in background))  # keeps the title legible
    lines = textwrap.wrap(title.upper(), width=14)[:3]
    font = _font(FONT_BOLD, 64)
    y = 640
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((640 - width) / 2, y), line, font=font, fill=(255, 255, 255))
        y += 74
    small = _font(FONT, 30)
    width = draw.textlength(subtitle, font=small)
    draw.text(((640 - width) / 2, 900), subtitle, font=small, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
