"""Pictures the browser draws: small SVG documents for the explorers, which redraw on every change.

Laying out and rendering a matplotlib figure costs about 100 ms of Python per change on a slow
machine; writing the same few shapes as SVG text and letting the browser draw them costs a few. So
the explorers' pictures are written with the pieces below (``helpers.svg_views`` puts them together),
and the notebooks' own figures stay matplotlib's (``helpers.plots``). What matplotlib does well
beyond drawing is still asked of it: text sizes (its fonts, the CJK fallback included), tick
positions and colour maps.

Units are SVG user units of one point (1/72 inch), y pointing down; font sizes are in points too.
"""

from __future__ import annotations

import base64
import functools
import html
import io
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator

from .style import BORDER_COLOR

_TEXT_TO_PATH = TextToPath()
GENERIC_FAMILIES = {"serif", "sans-serif", "sans", "monospace", "cursive", "fantasy"}


def font_families() -> list[str]:
    """The fonts figures use, first choice first: the first sans-serif font, then any font put behind
    it (a view calls ``fonts.use_cjk_font`` first, as the figures do, to put a CJK one there)."""
    extra = [f for f in mpl.rcParams["font.family"] if f not in GENERIC_FAMILIES]
    return [mpl.rcParams["font.sans-serif"][0], *extra]


@functools.lru_cache(maxsize=8192)
def _width(text: str, size: float, families: tuple[str, ...]) -> float:
    prop = FontProperties(family=list(families), size=size)
    return _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)[0]


def text_width(text: str, size: float) -> float:
    """The width (points) of one line of ``text`` at ``size`` points in the figures' fonts."""
    return _width(text, float(size), tuple(font_families()))


def line_height(size: float) -> float:
    """The height (points) of a line of text at ``size`` points: the box a label needs."""
    return 1.2 * size


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def text(x: float, y: float, content: str, *, size: float = 9, anchor: str = "start", color: str = "#000",
         weight: str | None = None, rotate: float | None = None, css: str | None = None) -> str:
    """One line of text, its middle at height ``y``; ``anchor``: start, middle or end of the line at
    ``x``."""
    extra = f" font-weight='{weight}'" if weight else ""
    if rotate is not None:
        extra += f" transform='rotate({_number(rotate)} {_number(x)} {_number(y)})'"
    if css:
        extra += f" class='{css}'"
    return (f"<text x='{_number(x)}' y='{_number(y)}' font-size='{_number(size)}' text-anchor='{anchor}' "
            f"dominant-baseline='central' fill='{color}'{extra}>{html.escape(content)}</text>")


def lines_of_text(x: float, y: float, content: str, *, size: float = 9, anchor: str = "middle") -> str:
    """Text of one or more lines (split at newlines), the last line's middle at ``y``."""
    rows = content.split("\n")
    step = line_height(size)
    return "".join(text(x, y - step * (len(rows) - 1 - i), row, size=size, anchor=anchor)
                   for i, row in enumerate(rows))


def polyline(xs, ys, *, color: str, width: float = 1.0, dash: str | None = None) -> str:
    """A line through the points (``xs[i]``, ``ys[i]``); ``dash`` as SVG's stroke-dasharray."""
    points = " ".join(f"{_number(x)},{_number(y)}" for x, y in zip(xs, ys, strict=True))
    extra = f" stroke-dasharray='{dash}'" if dash else ""
    return (f"<polyline points='{points}' fill='none' stroke='{color}' stroke-width='{_number(width)}'"
            f" stroke-linejoin='round'{extra}/>")


def rect(x: float, y: float, w: float, h: float, *, fill: str = "none", stroke: str = BORDER_COLOR,
         width: float = 0.8, css: str | None = None) -> str:
    extra = f" class='{css}'" if css else ""
    return (f"<rect x='{_number(x)}' y='{_number(y)}' width='{_number(w)}' height='{_number(h)}' "
            f"fill='{fill}' stroke='{stroke}' stroke-width='{_number(width)}'{extra}/>")


# Marker shapes (matplotlib's names, as in ``style.MARKERS``) as polygons of unit radius, y down.
_SHAPES = {
    "s": [(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)],
    "^": [(0, -1), (0.87, 0.5), (-0.87, 0.5)],
    "v": [(0, 1), (0.87, -0.5), (-0.87, -0.5)],
    "D": [(0, -1), (0.75, 0), (0, 1), (-0.75, 0)],
    "P": [(-0.33, -1), (0.33, -1), (0.33, -0.33), (1, -0.33), (1, 0.33), (0.33, 0.33), (0.33, 1),
          (-0.33, 1), (-0.33, 0.33), (-1, 0.33), (-1, -0.33), (-0.33, -0.33)],
    "X": [(-0.7, -1), (0, -0.3), (0.7, -1), (1, -0.7), (0.3, 0), (1, 0.7), (0.7, 1), (0, 0.3), (-0.7, 1),
          (-1, 0.7), (-0.3, 0), (-1, -0.7)],
    "*": [(np.sin(a) * r, -np.cos(a) * r) for a, r in
          zip(np.arange(10) * np.pi / 5, [1, 0.4] * 5, strict=True)],
}


def marker(shape: str, x: float, y: float, *, radius: float, fill: str, edge: str = "#333",
           width: float = 0.5) -> str:
    """One marker of ``style.MARKERS`` (``o``, ``s``, ``^``, ...) centred on (``x``, ``y``)."""
    style = f"fill='{fill}' stroke='{edge}' stroke-width='{_number(width)}'"
    if shape not in _SHAPES:  # "o" and anything else: a circle
        return f"<circle cx='{_number(x)}' cy='{_number(y)}' r='{_number(radius)}' {style}/>"
    points = " ".join(f"{_number(x + dx * radius)},{_number(y + dy * radius)}" for dx, dy in _SHAPES[shape])
    return f"<polygon points='{points}' {style}/>"


def png_image(x: float, y: float, w: float, h: float, values, *, cmap: str, vmin: float, vmax: float) -> str:
    """A table of numbers as an image of coloured cells (row 0 at the top), filling the box; each
    cell stays one sharp rectangle at any size (as matplotlib's ``interpolation="nearest"``)."""
    import matplotlib.image

    buffer = io.BytesIO()
    matplotlib.image.imsave(buffer, np.asarray(values, dtype=float), cmap=cmap, vmin=vmin, vmax=vmax,
                            format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f"<image x='{_number(x)}' y='{_number(y)}' width='{_number(w)}' height='{_number(h)}' "
            f"preserveAspectRatio='none' style='image-rendering:pixelated' "
            f"href='data:image/png;base64,{data}'/>")


def ticks(low: float, high: float, *, nbins: int = 5, integer: bool = False) -> list[float]:
    """Round tick values between ``low`` and ``high`` (matplotlib's ``MaxNLocator``)."""
    lo, hi = min(low, high), max(low, high)
    values = MaxNLocator(nbins=nbins, integer=integer).tick_values(lo, hi)
    return [float(v) for v in values if lo - 1e-9 * (hi - lo) <= v <= hi + 1e-9 * (hi - lo)]


def tick_label(value: float) -> str:
    """A tick's number as short as it can be: 20, 0.5, -1.25."""
    text = f"{value:.6g}"
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Panel:
    """A rectangle of the picture (``x0`` left, ``y0`` top, ``x1``, ``y1``, in points) showing data
    from ``xlim`` (left to right) and ``ylim`` (bottom to top; give it reversed for row 0 at the top)."""

    x0: float
    y0: float
    x1: float
    y1: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def x(self, value):
        """Where data x ``value`` (a number or an array) is drawn."""
        (a, b) = self.xlim
        return self.x0 + (np.asarray(value, dtype=float) - a) / (b - a) * (self.x1 - self.x0)

    def y(self, value):
        """Where data y ``value`` (a number or an array) is drawn."""
        (a, b) = self.ylim
        return self.y1 - (np.asarray(value, dtype=float) - a) / (b - a) * (self.y1 - self.y0)

    def frame(self) -> str:
        return rect(self.x0, self.y0, self.x1 - self.x0, self.y1 - self.y0)

    def x_axis(self, values, labels=None, *, title: str = "", size: float = 9) -> str:
        """Tick marks and numbers under the panel at the data x ``values``, and the axis ``title``."""
        labels = [tick_label(v) for v in values] if labels is None else labels
        parts = []
        for value, label in zip(values, labels, strict=True):
            x = float(self.x(value))
            parts.append(polyline([x, x], [self.y1, self.y1 + 3.5], color=BORDER_COLOR, width=0.8))
            parts.append(text(x, self.y1 + 3.5 + size * 0.75, label, size=size, anchor="middle"))
        if title:
            parts.append(text((self.x0 + self.x1) / 2, self.y1 + 6 + size * 2.1, title, size=size + 1,
                              anchor="middle"))
        return "".join(parts)

    def y_axis(self, values, labels=None, *, title: str = "", size: float = 9, right: bool = False) -> str:
        """Tick marks and numbers left of the panel (``right``: right of it) at the data y ``values``,
        and the axis ``title`` (turned upright, left of the numbers)."""
        labels = [tick_label(v) for v in values] if labels is None else labels
        edge, sign = (self.x1, 1) if right else (self.x0, -1)
        parts = []
        for value, label in zip(values, labels, strict=True):
            y = float(self.y(value))
            parts.append(polyline([edge, edge + sign * 3.5], [y, y], color=BORDER_COLOR, width=0.8))
            parts.append(text(edge + sign * 5.5, y, label, size=size, anchor="start" if right else "end"))
        if title:
            width = max((text_width(label, size) for label in labels), default=0)
            x = edge + sign * (10 + width + (size + 1) * 0.6)
            parts.append(text(x, (self.y0 + self.y1) / 2, title, size=size + 1, anchor="middle",
                              rotate=90 if right else -90))
        return "".join(parts)


def document(width: float, height: float, parts, *, alt: str) -> str:
    """The picture as HTML for an explorer: ``<div class='t2t-figure' role='img'>`` holding the SVG
    (text stays text: sharp at any size), named by ``alt`` for screen readers and tests."""
    family = ", ".join(f"'{name}'" for name in font_families()) + ", sans-serif"
    return (f"<div class='t2t-figure' role='img' aria-label='{html.escape(alt)}'>"
            f"<svg xmlns='http://www.w3.org/2000/svg' width='{_number(width)}pt' "
            f"height='{_number(height)}pt' "
            f"viewBox='0 0 {_number(width)} {_number(height)}' font-family=\"{html.escape(family)}\">"
            f"<rect width='100%' height='100%' fill='white'/>{''.join(parts)}</svg></div>")
