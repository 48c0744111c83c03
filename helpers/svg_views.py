"""The explorers' pictures as SVG for the browser to draw (``helpers.svg``): the word picker's map
(01) and the positions explorer's two panels (08). Each shows what the notebook's matplotlib figure
of the same idea shows (``plots.draw_word_map``; ``plots.draw_position_tables`` or
``draw_rope_angles`` beside ``draw_causal_curves``), in the same colours, markers and words, drawn
from data computed elsewhere.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np

from . import svg
from .fonts import use_cjk_font
from .plots.positions import (
    ANGLE_CMAP,
    ANGLE_TICKS,
    TABLE_CMAP,
    angle_table_text,
    causal_title,
    curve_style,
    distance_label,
    kind_title,
    query_label,
    table_axis_labels,
)
from .plots.word_vectors import legend_entry, projection_axis_labels
from .style import MARKERS, PALETTE
from .word_maps import label_places

# --- 01 the word picker's map ---

WORD_MAP_SIZE = (576, 432)  # points: 8 x 6 inches, as the notebook's map
WORD_MAP_FRAME = (57.6, 36, 561.6, 381.6)  # left, top, right, bottom (points)
LABEL_SIZE = 9
MARKER_RADIUS = 3.0  # a scatter marker of 36 square points, as in the notebook's map
LABEL_CLEARANCE = 5.5  # labels keep this far from any point's centre (points)


def _limits(values, margin: float = 0.12) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    span = high - low or max(abs(low), 1.0)
    return low - margin * span, high + margin * span


def _legend_box(panel: svg.Panel, entries: Sequence[str], points) -> tuple[float, float, float, float]:
    """The legend's box (x0, y0, x1, y1, y down): inside a corner of the panel, the first of upper
    right, upper left, lower left, lower right that covers fewest points."""
    w = 26 + max(svg.text_width(e, LABEL_SIZE) for e in entries)
    h = 6 + 13 * len(entries)
    inset = 5
    corners = [(panel.x1 - inset - w, panel.y0 + inset), (panel.x0 + inset, panel.y0 + inset),
               (panel.x0 + inset, panel.y1 - inset - h), (panel.x1 - inset - w, panel.y1 - inset - h)]

    def covered(corner):
        x, y = corner
        return int(((points[:, 0] > x - LABEL_CLEARANCE) & (points[:, 0] < x + w + LABEL_CLEARANCE)
                    & (points[:, 1] > y - LABEL_CLEARANCE) & (points[:, 1] < y + h + LABEL_CLEARANCE)).sum())

    x, y = min(corners, key=covered)  # min keeps the first of equals
    return x, y, x + w, y + h


def word_map_svg(xy, words: Sequence[str], labels: Sequence[str], *, title: str, alt: str) -> str:
    """The word picker's map: each word a point in its group's colour and marker, labelled so that no
    label covers another, a point or the legend (``word_maps.label_places``, as the notebook's map);
    a label moved away from its point gets a thin line to it. The axes show no numbers: a projection's
    coordinates mean nothing to read off, only who sits near whom.

    Classes for tests: ``t2t-point`` (with ``data-word`` and ``data-group``), ``t2t-word`` (a label,
    centred on its x, y), ``t2t-legend`` (the legend's box).
    """
    use_cjk_font()  # Chinese group names and titles are measured and drawn as characters
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    width, height = WORD_MAP_SIZE
    x0, y0, x1, y1 = WORD_MAP_FRAME
    panel = svg.Panel(x0, y0, x1, y1, _limits(xy[:, 0]), _limits(xy[:, 1]))
    points = np.column_stack([panel.x(xy[:, 0]), panel.y(xy[:, 1])])
    groups = list(dict.fromkeys(labels))
    entries = [legend_entry(g, labels.count(g)) for g in groups]
    legend = _legend_box(panel, entries, points) if groups else None

    # label_places works with y up (as matplotlib's display): flip, place, flip back
    sizes = [(svg.text_width(w, LABEL_SIZE) + 2, svg.line_height(LABEL_SIZE) + 1) for w in words]
    up = np.column_stack([points[:, 0], height - points[:, 1]])
    taken = []
    if legend is not None:  # the legend's box, 2 points round it kept free
        taken.append((legend[0] - 2, height - legend[3] - 2, legend[2] + 2, height - legend[1] + 2))
    places = label_places(up, sizes, (x0, height - y1, x1, height - y0), taken, radius=LABEL_CLEARANCE)

    parts = [panel.frame()]
    for (px, py), place in zip(points, places, strict=True):
        if place.line_to is not None:
            parts.append(svg.polyline([px, place.line_to[0]], [py, height - place.line_to[1]],
                                      color="#777777", width=0.6))
    for (px, py), word, label in zip(points, words, labels, strict=True):
        g = groups.index(label)
        parts.append(f"<g class='t2t-point' data-word='{html.escape(word)}' "
                     f"data-group='{html.escape(label)}'>"
                     + svg.marker(MARKERS[g % len(MARKERS)], px, py, radius=MARKER_RADIUS,
                                  fill=PALETTE[g % len(PALETTE)]) + "</g>")
    for word, place in zip(words, places, strict=True):
        parts.append(svg.text(place.x, height - place.y, word, size=LABEL_SIZE, anchor="middle",
                              css="t2t-word"))
    if legend is not None:
        lx0, ly0, lx1, ly1 = legend
        parts.append(svg.rect(lx0, ly0, lx1 - lx0, ly1 - ly0, fill="rgba(255,255,255,0.9)",
                              stroke="#CCCCCC", css="t2t-legend"))
        for g, entry in enumerate(entries):
            y = ly0 + 3 + 13 * g + 6.5
            parts.append(svg.marker(MARKERS[g % len(MARKERS)], lx0 + 11, y, radius=MARKER_RADIUS,
                                    fill=PALETTE[g % len(PALETTE)]))
            parts.append(svg.text(lx0 + 21, y, entry, size=LABEL_SIZE))
    xlabel, ylabel = projection_axis_labels()
    parts.append(svg.text((x0 + x1) / 2, y0 - 12, title, size=11, anchor="middle"))
    parts.append(svg.text((x0 + x1) / 2, y1 + 16, xlabel, size=10, anchor="middle"))
    parts.append(svg.text(x0 - 16, (y0 + y1) / 2, ylabel, size=10, anchor="middle", rotate=-90))
    return svg.document(width, height, parts, alt=alt)


# --- 08 the positions explorer ---

POSITIONS_SIZE = (720, 259.2)  # points: 10 x 3.6 inches, as notebook 08's figures
TABLE_PANEL = (50, 42, 250, 214)  # left panel: the table (left, top, right, bottom)
COLOUR_BAR = (258, 42, 268, 214)
CURVES_PANEL = (385, 42, 600, 214)  # right panel: the causal curves
DASHES = {"-": None, "--": "4.4,1.9", ":": "1.2,2"}  # matplotlib's line styles as SVG's dash arrays


def _table_panel(kind: str, table) -> list[str]:
    """Left: what each position gets (learned, sinusoidal: the added table, colour bar symmetric
    round 0) or, for rotary, the angle each pair is turned by (modulo 2 pi, a cyclic colour map)."""
    a = np.asarray(table, dtype=float)
    if kind == "rotary":
        a = np.mod(a, 2 * np.pi)
        cmap, vmin, vmax = ANGLE_CMAP, 0.0, 2 * np.pi
        bar_ticks, bar_labels = ANGLE_TICKS
        title, xlabel, ylabel = angle_table_text()
    else:
        limit = float(abs(a).max()) or 1.0
        cmap, vmin, vmax = TABLE_CMAP, -limit, limit
        bar_ticks, bar_labels = svg.ticks(vmin, vmax), None
        title, (xlabel, ylabel) = kind_title(kind), table_axis_labels()
    rows, cols = a.shape
    x0, y0, x1, y1 = TABLE_PANEL
    panel = svg.Panel(x0, y0, x1, y1, (-0.5, cols - 0.5), (rows - 0.5, -0.5))
    bx0, by0, bx1, by1 = COLOUR_BAR
    bar = svg.Panel(bx0, by0, bx1, by1, (0, 1), (vmin, vmax))
    return [
        svg.png_image(x0, y0, x1 - x0, y1 - y0, a, cmap=cmap, vmin=vmin, vmax=vmax),
        panel.frame(),
        panel.x_axis(svg.ticks(0, cols - 1, integer=True), title=xlabel),
        panel.y_axis(svg.ticks(0, rows - 1, integer=True), title=ylabel),
        svg.lines_of_text((x0 + x1) / 2, y0 - 7, title, size=9),
        svg.png_image(bx0, by0, bx1 - bx0, by1 - by0, np.linspace(vmax, vmin, 256)[:, None], cmap=cmap,
                      vmin=vmin, vmax=vmax),
        bar.frame(),
        bar.y_axis(bar_ticks, bar_labels, right=True),
    ]


def _curves_panel(kind: str, curves, ylabel: str) -> tuple[list[str], float]:
    """Right: the causal curves, one per query position (colour, marker and dashes name it), with
    the legend beside the panel. Returns the parts and the right edge of the legend."""
    distance = np.asarray(curves.distance, dtype=float)
    values = [np.asarray(v, dtype=float) for v in curves.curves.values()]
    x0, y0, x1, y1 = CURVES_PANEL
    panel = svg.Panel(x0, y0, x1, y1, _limits(distance, 0.05), _limits(np.concatenate(values), 0.05))
    parts = [panel.frame(),
             panel.x_axis(svg.ticks(*panel.xlim, integer=True), title=distance_label()),
             panel.y_axis(svg.ticks(*panel.ylim), title=ylabel),
             svg.lines_of_text((x0 + x1) / 2, y0 - 7, causal_title(kind, curves), size=9)]
    names = [query_label(m) for m in curves.curves]
    legend_w = 34 + max(svg.text_width(name, 9) for name in names)
    lx, ly = x1 + 8, y0
    parts.append(svg.rect(lx, ly, legend_w, 6 + 13 * len(names), stroke="#CCCCCC"))
    for j, (name, v) in enumerate(zip(names, values, strict=True)):
        style = curve_style(j)  # as the notebook's curves
        color, shape, fill = style["color"], style["marker"], style["markerfacecolor"]
        radius, dash = style["markersize"] / 2, DASHES[style["linestyle"]]
        xs, ys = panel.x(distance), panel.y(v)
        parts.append(f"<g class='t2t-curve' data-query='{html.escape(name)}'>"
                     + svg.polyline(xs, ys, color=color, width=1.2, dash=dash)
                     + "".join(svg.marker(shape, x, y, radius=radius, fill=fill, edge=color, width=1)
                               for x, y in zip(xs, ys, strict=True)) + "</g>")
        y = ly + 3 + 13 * j + 6.5
        parts.append(svg.polyline([lx + 4, lx + 26], [y, y], color=color, width=1.2, dash=dash))
        parts.append(svg.marker(shape, lx + 15, y, radius=radius, fill=fill, edge=color, width=1))
        parts.append(svg.text(lx + 30, y, name, size=9))
    return parts, lx + legend_w


def positions_svg(kind: str, table, curves, *, ylabel: str, alt: str) -> str:
    """The positions explorer's picture: left, the table (or RoPE's angles) as coloured cells with
    a colour bar; right, the causal curves of ``curves`` (an ``embeddings.CausalCurves``) with the
    legend beside them.

    Classes for tests: ``t2t-curve`` (one per query, ``data-query``, its polyline and markers).
    """
    use_cjk_font()  # Chinese legend entries are measured and drawn as characters
    curves_parts, right = _curves_panel(kind, curves, ylabel)
    width, height = POSITIONS_SIZE
    return svg.document(max(width, right + 6), height, [*_table_panel(kind, table), *curves_parts], alt=alt)
