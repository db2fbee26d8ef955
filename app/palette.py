"""A fixed set of placeholder colours, so a poster's colour needs no inline style (CSP).

static/css/app.css defines `.ph-0` … `.ph-11` with the same colours, in the same order.
"""
PALETTE = (
    "#3b2a20", "#6b3a1e", "#a0522d", "#c8782a", "#d9a441", "#7a7a2e",
    "#2f5d3a", "#1f5f5b", "#24466b", "#3c2f6b", "#6b2f5b", "#8e2f2f",
)


def _rgb(hex_colour):
    value = hex_colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def palette_index(hex_colour):
    try:
        r, g, b = _rgb(hex_colour or "#444444")
    except ValueError:
        return 0
    return min(
        range(len(PALETTE)),
        key=lambda i: sum((a - c) ** 2 for a, c in zip((r, g, b), _rgb(PALETTE[i]))),
    )
