"""Figures of word vectors (notebook 01): one embedding model per kind of data, words placed in 2-D,
and analogy accuracy against the size of the training text.

Every function takes ``ax=`` and returns the Figure (see ``helpers.plots.canvas``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.patches

from ..fonts import monospace
from ..i18n import gettext as _
from ..style import MARKERS, OKABE_ITO, PALETTE, tint
from ..word_maps import group_name, label_places
from .canvas import fixed_margins, one_axes, panels


def draw_embedding_models(rows, *, title: str | None = None, ax=None):
    """Raw data -> its own embedding model -> a dense vector, one row per kind of data.

    ``rows``: ``(kind, example, model_name, vector)`` with ``vector`` a short list of numbers (shown
    rounded) or None for a vector drawn as empty cells.
    """
    fig, ax, own = one_axes(ax, (10, 1.25 * len(rows) + 0.6))
    for i, (kind, example, model_name, vector) in enumerate(rows):
        y = -1.25 * i
        color = PALETTE[i % len(PALETTE)]
        ax.add_patch(matplotlib.patches.FancyBboxPatch(
            (0, y - 0.4), 2.6, 0.8, boxstyle="round,pad=0.03", facecolor="#F2F2F2", edgecolor="#555"))
        ax.text(1.3, y + 0.12, kind, ha="center", va="center", fontsize=10, weight="bold")
        ax.text(1.3, y - 0.18, example, ha="center", va="center", fontsize=9, style="italic")
        ax.annotate("", xy=(3.4, y), xytext=(2.7, y), arrowprops={"arrowstyle": "->", "lw": 1.5})
        ax.add_patch(matplotlib.patches.FancyBboxPatch(
            (3.5, y - 0.4), 2.4, 0.8, boxstyle="round,pad=0.03", facecolor=color, edgecolor="#333",
            hatch=["", "//", ".."][i % 3]))
        ax.text(4.7, y, model_name, ha="center", va="center", fontsize=9.5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
        ax.annotate("", xy=(6.7, y), xytext=(6.0, y), arrowprops={"arrowstyle": "->", "lw": 1.5})
        cells = list(vector) if vector is not None else [None] * 3
        for j, value in enumerate(cells):
            ax.add_patch(matplotlib.patches.Rectangle((6.8 + 0.95 * j, y - 0.3), 0.9, 0.6,
                                                      facecolor=tint(i), edgecolor="#333"))
            ax.text(6.8 + 0.95 * j + 0.45, y, "" if value is None else f"{value:.2f}",
                    ha="center", va="center", fontsize=9, family=monospace())
        ax.text(6.8 + 0.95 * len(cells) + 0.1, y, "...", va="center", fontsize=11)
    ax.text(1.3, 0.75, _("raw data"), ha="center", fontsize=10, color="#333")
    ax.text(4.7, 0.75, _("embedding model"), ha="center", fontsize=10, color="#333")
    ax.text(8.0, 0.75, _("dense vector (first numbers)"), ha="center", fontsize=10, color="#333")
    ax.set_xlim(-0.2, 10.6)
    ax.set_ylim(-1.25 * (len(rows) - 1) - 0.6, 1.1)
    ax.set_axis_off()
    ax.set_title(title or _("Each kind of data needs its own embedding model"), loc="left", fontsize=11)
    return fig


def projection_axis_labels() -> tuple[str, str]:
    """The axis labels of a word map (this figure and the word picker's SVG), in the current language."""
    return _("dimension 1 of the projection"), _("dimension 2 of the projection")


def legend_entry(group: str, count: int) -> str:
    """A word map's legend entry (this figure and the word picker's SVG): the group's name in the
    current language and how many of its words the map shows."""
    return f"{group_name(group)} ({count})"


def draw_word_map(xy, words: Sequence[str], labels: Sequence[str], *, title: str | None = None,
                  ax=None):
    """Words as points in 2-D, one colour and marker per group, each point labelled with its word.

    ``xy`` is an ``n x 2`` array computed elsewhere (``word_maps.project_words``). Labels are placed
    by ``place_labels`` so that none covers another label, a point or the legend; a label moved away
    from its point gets a thin line to it. Set the figure's size and margins before calling: labels
    are placed for the axes as they are then.
    """
    fig, ax, own = one_axes(ax, (10, 7))
    if own:
        fixed_margins(fig, left=0.8, right=0.2, bottom=0.7, top=0.5)
    groups = list(dict.fromkeys(labels))
    for g, group in enumerate(groups):
        index = [i for i, label in enumerate(labels) if label == group]
        ax.scatter([xy[i][0] for i in index], [xy[i][1] for i in index], s=36,
                   color=PALETTE[g % len(PALETTE)], marker=MARKERS[g % len(MARKERS)],
                   edgecolor="#333", linewidth=0.5, label=legend_entry(group, len(index)), zorder=3)
    xlabel, ylabel = projection_axis_labels()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or _("Words placed by their vectors"), fontsize=11)
    ax.margins(0.12)
    ax.autoscale_view()
    ax.set_xlim(ax.get_xlim())  # fixed from here on: the labels are placed for these limits
    ax.set_ylim(ax.get_ylim())
    if groups:
        ax.legend(fontsize=9, loc="best", framealpha=0.9)
    place_labels(ax, xy, words)
    return fig


def place_labels(ax, xy, words: Sequence[str], *, fontsize: float = 9, marker_radius: float = 4.0):
    """Write ``words[i]`` near point ``xy[i]`` so that no label overlaps another label, any point or
    the legend, and all stay inside the axes: the places are ``word_maps.label_places``' (crowded
    points get a thin line to their label). Returns the Text objects. Distances are in points (1/72
    inch), so they hold at any dpi."""
    import numpy as np

    fig = ax.figure
    if not hasattr(fig.canvas, "get_renderer"):  # a bare matplotlib Figure
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    scale = fig.dpi / 72  # display pixels per point
    points = ax.transData.transform(np.asarray(xy, dtype=float).reshape(-1, 2))
    frame = ax.get_window_extent(renderer)
    legend = ax.get_legend()
    taken = []
    if legend is not None:
        box = legend.get_window_extent(renderer).padded(2 * scale)
        taken.append((box.x0, box.y0, box.x1, box.y1))
        # The legend stays where the labels were placed around it: "best" would look again at every
        # drawing (with the labels in the way now).
        legend.set_loc(tuple(ax.transAxes.inverted().transform((box.x0 + 2 * scale, box.y0 + 2 * scale))))
    texts, sizes = [], []
    for word in words:
        text = ax.text(0, 0, word, fontsize=fontsize, ha="center", va="center", zorder=4, transform=None)
        box = text.get_window_extent(renderer)
        texts.append(text)
        sizes.append((box.width + 2 * scale, box.height + 1 * scale))
    places = label_places(points, sizes, (frame.x0, frame.y0, frame.x1, frame.y1), taken,
                          radius=(marker_radius + 1.5) * scale, unit=scale)
    to_data = ax.transData.inverted()
    for i, (text, place) in enumerate(zip(texts, places, strict=True)):
        text.set_transform(ax.transData)
        text.set_position(to_data.transform((place.x, place.y)))
        text.set_clip_on(False)
        if place.line_to is not None:
            line = to_data.transform(np.array([points[i], place.line_to]))
            ax.plot(line[:, 0], line[:, 1], color="#777777", lw=0.6, zorder=2)
    return texts


def draw_accuracy_by_corpus_size(words: Sequence[int], accuracy: Sequence[float],
                                 attempted: Sequence[int], in_file: int, *, title: str | None = None,
                                 ax=None):
    """Analogy accuracy (left) and how many questions could be tried (right) against corpus size:
    two panels. ``accuracy``: the share answered right of one fixed question set (the same at every
    size), so the points of the left panel can be compared with each other."""
    fig, [[left, right]], own = panels(ax, 1, 2, (10, 3.6))
    thousands = [w / 1000 for w in words]
    left.plot(thousands, [100 * a for a in accuracy], marker="o", color=OKABE_ITO["blue"])
    for x, a in zip(thousands, accuracy, strict=True):
        left.annotate(f"{100 * a:.1f}%", (x, 100 * a), xytext=(0, 6), textcoords="offset points",
                      ha="center", fontsize=9)
    left.set_xlabel(_("training words (thousands)"))
    left.set_ylabel(_("accuracy (%)"))
    left.set_ylim(bottom=0, top=max(1.0, 130 * max(accuracy)))
    left.set_title(_("Right answers, same questions at every size"), fontsize=10)
    right.plot(thousands, attempted, marker="s", color=OKABE_ITO["vermillion"])
    right.axhline(in_file, color="#777", linestyle="--", linewidth=1)
    right.text(thousands[0], in_file, _("all {in_file:,} questions").format(in_file=in_file), va="bottom",
               fontsize=9, color="#555")
    right.set_xlabel(_("training words (thousands)"))
    right.set_ylabel(_("questions tried (all 4 words known)"))
    right.set_ylim(0, in_file * 1.12)
    right.set_title(_("Questions the vocabulary can even try"), fontsize=10)
    if own or title:
        fig.suptitle(title or _("More text, better vectors"), fontsize=11, x=0.01, ha="left")
    if own:
        fig.tight_layout()
    return fig

