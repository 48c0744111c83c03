"""Every figure of the series, drawn from data computed elsewhere.

A function here draws; it never computes what it shows (that is done by the module of the idea, and
passed in). Colours come from the Okabe-Ito palette, which stays distinguishable for colour-blind
readers; where colour carries meaning, a second cue (hatching, a border, a label) carries it too.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import matplotlib.patches
import matplotlib.pyplot as plt

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
PALETTE = [OKABE_ITO[k] for k in ("orange", "sky", "green", "yellow", "blue", "vermillion", "purple")]
# Light tints of the palette for backgrounds behind black text (token pieces).
TINTS = ["#F5D48A", "#B3DCF4", "#8FD3BF", "#F8F2A8", "#8DBEDF", "#F0B48A", "#EBC3DA"]
UNKNOWN_COLOR = "#FFFFFF"


def _visible(piece: str) -> str:
    """Show spaces and newlines in a token so a reader can see them."""
    return piece.replace(" ", "\u2423").replace("\n", "\u21b5")


def tokens_html(
    pieces: Sequence[str],
    ids: Sequence[int] | None = None,
    *,
    unknown: Iterable[int] = (),
    show_space: bool = True,
) -> str:
    """Coloured token pieces (and their ids below) as an HTML string, for widgets and cells.

    ``unknown`` holds the positions of pieces to mark as unknown (dashed border, white, "?").
    """
    unknown = set(unknown)
    cells = []
    for i, piece in enumerate(pieces):
        shown = html.escape(_visible(piece) if show_space else piece)
        if i in unknown:
            style = f"background:{UNKNOWN_COLOR};border:2px dashed #D55E00"
            shown = f"{shown}&nbsp;?"
        else:
            style = f"background:{TINTS[i % len(TINTS)]};border:1px solid #555"
        label = "" if ids is None else f"<br><small style='color:#333'>{ids[i]}</small>"
        cells.append(
            f"<span class='t2t-token' data-index='{i}' style='{style};display:inline-block;"
            f"margin:2px;padding:1px 4px;border-radius:4px;font-family:monospace;"
            f"text-align:center;color:#000'>{shown}{label}</span>"
        )
    return "<div class='t2t-tokens' style='line-height:2.2'>" + "".join(cells) + "</div>"


def draw_token_pieces(
    pieces: Sequence[str],
    ids: Sequence[int] | None = None,
    *,
    unknown: Iterable[int] = (),
    title: str | None = None,
    per_line: int = 12,
    ax=None,
):
    """Draw text cut into tokens: one coloured box per piece, its id underneath.

    Pieces flow left to right and wrap after ``per_line`` boxes. Unknown pieces (positions in
    ``unknown``) are white with a dashed red border and a "?" so the mark does not rely on colour.
    Returns the matplotlib Axes.
    """
    unknown = set(unknown)
    rows = max(1, -(-len(pieces) // per_line))
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.9 * rows + (0.4 if title else 0.1)))
    x, y = 0.0, 0.0
    for i, piece in enumerate(pieces):
        if i and i % per_line == 0:
            x, y = 0.0, y - 1.0
        text = _visible(piece)
        width = max(0.6, 0.13 * len(text) + 0.3)
        is_unknown = i in unknown
        box = matplotlib.patches.FancyBboxPatch(
            (x, y - 0.35), width, 0.55,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=UNKNOWN_COLOR if is_unknown else TINTS[i % len(TINTS)],
            edgecolor=OKABE_ITO["vermillion"] if is_unknown else "#555555",
            linestyle="--" if is_unknown else "-",
            linewidth=1.6 if is_unknown else 0.8,
        )
        ax.add_patch(box)
        ax.text(x + width / 2, y - 0.07, text + (" ?" if is_unknown else ""),
                ha="center", va="center", family="monospace", fontsize=10)
        if ids is not None:
            ax.text(x + width / 2, y - 0.55, str(ids[i]), ha="center", va="center",
                    fontsize=8, color="#333333")
        x += width + 0.12
    ax.set_xlim(-0.1, max(x, 1.0) if rows == 1 else _line_width(pieces, per_line))
    ax.set_ylim(y - 0.8, 0.4)
    ax.set_axis_off()
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return ax


def _line_width(pieces: Sequence[str], per_line: int) -> float:
    widest = 0.0
    for start in range(0, len(pieces), per_line):
        line = pieces[start:start + per_line]
        widest = max(widest, sum(max(0.6, 0.13 * len(_visible(p)) + 0.3) + 0.12 for p in line))
    return widest
