"""The one look of the series, shared by the figures (``helpers.plots``) and the HTML views
(``helpers.html_views``): colours, glyphs and how a token piece is shown.

Colours come from the Okabe-Ito palette, which stays distinguishable for colour-blind readers; where
colour carries meaning, a second cue (hatching, a border, a glyph) carries it too.
"""

from __future__ import annotations

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
INPUT_TINT, TARGET_TINT = TINTS[0], TINTS[1]  # orange for a window's inputs, sky blue for its targets
UNKNOWN_COLOR = "#FFFFFF"  # an unknown token: white, with a dashed vermillion border and UNKNOWN_GLYPH
WARNING_COLOR = OKABE_ITO["vermillion"]  # borders of unknown and new tokens, "never a target" marks
BORDER_COLOR = "#555555"
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]  # one per group in scatter plots, beside the colour

# Glyphs that make invisible or special things visible.
SPACE_GLYPH = "\u2423"  # ␣
NEWLINE_GLYPH = "\u21b5"  # ↵
UNKNOWN_GLYPH = "?"  # after a piece the vocabulary does not know
NEVER_GLYPH = "\u2717"  # ✗ under a token no window uses as a target


def tint(index: int) -> str:
    """The background tint of the ``index``-th token piece (the tints repeat)."""
    return TINTS[index % len(TINTS)]


def token_tints(pieces) -> list[str]:
    """One tint per piece, by identity: the same token always gets the same tint in one picture.

    Tints are handed out in order of first appearance, so neighbouring new tokens differ; with more
    distinct tokens than tints (seven), tints are reused, so one tint can stand for several tokens.
    """
    order: dict[str, int] = {}
    return [tint(order.setdefault(p, len(order))) for p in pieces]


def visible(piece: str) -> str:
    """Show spaces and newlines in a token so a reader can see them."""
    return piece.replace(" ", SPACE_GLYPH).replace("\n", NEWLINE_GLYPH)
