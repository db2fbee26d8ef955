"""A poster to print for a project's short link: its title, a QR code, and the address to type.

For screenings in community centres: one A4 page (210 × 297 mm) of SVG, a few KB, that any
browser prints. The QR code (segno, ISO/IEC 18004) holds the `/p/<code>` short link at level
M (15 % of the symbol may be dirty or torn and it still reads); it is drawn as one path of
black modules with the standard quiet zone of four modules around it. The address is also
written out in full, for phones without a QR reader.
"""
import io
import textwrap

import segno
from markupsafe import escape

from app.links import public_url

WIDTH_MM, HEIGHT_MM = 210, 297
QR_MM = 150
LINE_CHARS = 24
MAX_TITLE_LINES = 3


def poster_svg(project, heading, call):
    """The whole SVG document; `heading` and `call` are the two lines of text in the reader's language."""
    link = public_url("funding.short_link", code=project.short_code)
    qr = segno.make(link, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=4, svgclass=None,
            lineclass=None)
    x = (WIDTH_MM - QR_MM) // 2
    code = out.getvalue().decode().replace("<svg ", f'<svg x="{x}" y="95" width="{QR_MM}" height="{QR_MM}" ', 1)
    lines = textwrap.wrap(project.title, LINE_CHARS)[:MAX_TITLE_LINES] or [""]
    title = "".join(f'<text x="105" y="{40 + 14 * i}" font-size="12" font-weight="bold">{escape(line)}</text>'
                    for i, line in enumerate(lines))
    shown = link.split("://", 1)[-1]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_MM}mm" height="{HEIGHT_MM}mm" '
        f'viewBox="0 0 {WIDTH_MM} {HEIGHT_MM}" font-family="sans-serif" text-anchor="middle">'
        f'<rect width="{WIDTH_MM}" height="{HEIGHT_MM}" fill="#fff"/>'
        f'<text x="105" y="22" font-size="8">{escape(heading)}</text>{title}{code}'
        f'<text x="105" y="262" font-size="8">{escape(call)}</text>'
        f'<text x="105" y="276" font-size="11" font-weight="bold">{escape(shown)}</text></svg>'
    )
