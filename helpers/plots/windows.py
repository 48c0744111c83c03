"""Figures of sliding windows (notebook 06): context and next token, a batch's x and y, and how the
stride moves the window.

Every function takes ``ax=`` and returns the Figure (see ``helpers.plots.canvas``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.patches
import matplotlib.pyplot as plt

from ..fonts import monospace
from ..i18n import gettext as _
from ..style import BORDER_COLOR, INPUT_TINT, OKABE_ITO, TARGET_TINT, WARNING_COLOR, visible
from .canvas import one_axes, panels


def draw_context_steps(pieces: Sequence[str], ids: Sequence[int], *, steps: int = 4,
                       title: str | None = None, ax=None):
    """The notes' "data sampling" picture from real tokens: with 1, 2, ... ``steps`` tokens of
    context (orange) the model must predict the next token (blue); later tokens are hidden (grey)."""
    shown = steps + 2
    fig, ax, own = one_axes(ax, (10, 0.75 * steps + 0.9))
    for row in range(steps):
        y = -row
        for p in range(shown):
            if p <= row:
                face, edge, text, style = INPUT_TINT, BORDER_COLOR, visible(pieces[p]), "-"
            elif p == row + 1:
                face, edge, text, style = TARGET_TINT, OKABE_ITO["blue"], visible(pieces[p]), "-"
            else:
                face, edge, text, style = "#EEEEEE", "#BBBBBB", _("(hidden)"), ":"
            ax.add_patch(matplotlib.patches.FancyBboxPatch(
                (p * 1.45, y - 0.3), 1.3, 0.6, boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor=face, edgecolor=edge, linestyle=style, linewidth=1.2))
            ax.text(p * 1.45 + 0.65, y + 0.09, text, ha="center", va="center", family=monospace(),
                    fontsize=9, color="#000000" if p <= row + 1 else "#888888")
            if p <= row + 1:
                ax.text(p * 1.45 + 0.65, y - 0.17, str(ids[p]), ha="center", va="center", fontsize=9,
                        color="#333333")
        ax.annotate("", xy=((row + 1) * 1.45 - 0.02, y), xytext=(row * 1.45 + 1.32, y),
                    arrowprops={"arrowstyle": "->", "color": OKABE_ITO["blue"]})
        ax.text(-0.2, y, _("context {row}").format(row=row + 1), ha="right", va="center", fontsize=9)
    ax.set_xlim(-1.8, shown * 1.45)
    ax.set_ylim(-steps + 0.4, 0.8)
    ax.set_axis_off()
    ax.set_title(title or _("Input (orange) -> next token to predict (blue); later tokens are hidden"),
                 loc="left", fontsize=11)
    return fig


def draw_xy_batch(inputs, targets, pieces_of=None, *, title: str | None = None, ax=None):
    """The notes' "efficient data loader" picture from a real batch: tensor x (inputs, one row per
    sample) and tensor y (targets: the same rows shifted one token to the right).

    ``pieces_of`` (optional) maps an id to its text, shown under each id. Two panels.
    """
    x, y = [list(map(int, r)) for r in inputs], [list(map(int, r)) for r in targets]
    rows, cols = len(x), len(x[0])
    fig, [[left, right]], own = panels(ax, 1, 2, (10, 0.6 * rows + 1.3))
    for ax, grid, name, tint in ((left, x, _("x = inputs"), INPUT_TINT), (right, y, _("y = targets"),
                                                                          TARGET_TINT)):
        for r in range(rows):
            for c in range(cols):
                ax.add_patch(matplotlib.patches.Rectangle((c, -r - 1), 1, 1, facecolor=tint,
                                                          edgecolor=BORDER_COLOR))
                label = str(grid[r][c])
                if pieces_of is not None:
                    label += "\n" + visible(pieces_of(grid[r][c]))
                ax.text(c + 0.5, -r - 0.5, label, ha="center", va="center", fontsize=8, family=monospace())
        ax.set_xlim(0, cols)
        ax.set_ylim(-rows, 0)
        ax.set_xticks([c + 0.5 for c in range(cols)], [str(c) for c in range(cols)])
        ax.set_yticks([-r - 0.5 for r in range(rows)], [_("sample {r}").format(r=r) for r in range(rows)])
        ax.set_xlabel(_("position in the window"))
        ax.set_title(name, fontsize=10)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
    if own or title:
        fig.suptitle(title or _("One batch: each row of y is its row of x shifted one token to the right"),
                     fontsize=11)
    if own:
        fig.tight_layout()
    return fig


def draw_stride_comparison(settings: dict, n_shown: int, *, title: str | None = None, ax=None):
    """Windows laid over the first ``n_shown`` token positions, one panel per setting.

    ``settings`` maps a label to ``(windows, is_target)``: the ``windows.WindowSpan`` list of the
    windows to draw and, per position, whether any window uses that token as a target. Inputs are
    orange bars, the target shift blue, and tokens never used as a target are marked with a red x.
    One panel per setting, one above the other.
    """
    fig, grid, own = panels(ax, len(settings), 1, (10, 1.35 * len(settings) + 0.6), sharex=True)
    axes = [row[0] for row in grid]
    for ax, (label, (windows, is_target)) in zip(axes, settings.items(), strict=True):
        for k, w in enumerate(windows):
            y = -k * 0.9
            ax.add_patch(matplotlib.patches.Rectangle((w.start, y), w.input_stop - w.start, 0.35,
                                                      facecolor=OKABE_ITO["orange"], edgecolor="#333333"))
            ax.add_patch(matplotlib.patches.Rectangle(
                (w.target_start, y - 0.4), w.target_stop - w.target_start, 0.35,
                facecolor=OKABE_ITO["sky"], edgecolor="#333333", hatch="//"))
        lowest = -0.9 * max(1, len(windows)) + 0.1
        missed = [p + 0.5 for p, used in enumerate(is_target[:n_shown]) if not used]
        ax.scatter(missed, [lowest - 0.35] * len(missed), marker="x", color=WARNING_COLOR, s=30,
                   label=_("never a target"))
        ax.set_ylim(lowest - 0.7, 0.55)
        ax.set_yticks([])
        ax.set_title(label, loc="left", fontsize=10)
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
    handles = [matplotlib.patches.Patch(facecolor=OKABE_ITO["orange"], edgecolor="#333333",
                                        label=_("input window")),
               matplotlib.patches.Patch(facecolor=OKABE_ITO["sky"], edgecolor="#333333", hatch="//",
                                        label=_("target window (shifted by one)")),
               plt.Line2D([], [], marker="x", color=WARNING_COLOR, linestyle="",
                          label=_("never a target"))]
    axes[0].legend(handles=handles, loc="upper right", fontsize=9, ncol=3, bbox_to_anchor=(1, 1.55))
    for ax in axes:   # token p is the cell from p to p + 1: light lines on the edges, labels on the centres
        ax.vlines(range(n_shown + 1), *ax.get_ylim(), colors="#DDDDDD", linewidth=0.6, zorder=0)
    axes[-1].set_xlim(0, n_shown)
    step = 1 if n_shown <= 30 else 5
    axes[-1].set_xticks([p + 0.5 for p in range(0, n_shown, step)], [str(p) for p in range(0, n_shown, step)])
    axes[-1].tick_params(axis="x", length=0)
    axes[-1].set_xlabel(_("token position in the text (one cell per token)"))
    if own or title:
        fig.suptitle(title or _("How stride moves the window"), fontsize=11, x=0.01, ha="left")
    if own:
        fig.tight_layout()
    return fig

