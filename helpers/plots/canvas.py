"""Where the figures draw: the one way every figure function takes ``ax=`` and returns its Figure.

Every ``draw_...`` function of ``helpers.plots`` takes ``ax=None``:

* ``None``: it makes a new pyplot figure of its own size, sets the figure's title and layout, and
  returns the Figure (a notebook then shows it with ``plt.show()``);
* one Axes (figures of one panel), or as many Axes as it has panels, in any array or list (figures of
  several panels, e.g. ``Figure(figsize=...).subplots(1, 2)``): it draws into them and leaves the
  figure's layout to the caller (a widget draws on a bare ``matplotlib.figure.Figure`` so that nothing
  is shown twice). It still returns the Figure the Axes belong to.

Either way a CJK font is put behind the Latin one first (``helpers.fonts``), so Chinese labels draw.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..fonts import use_cjk_font


def one_axes(ax, figsize):
    """``(figure, axes, own)`` for a figure of one panel: ``ax``, or a new pyplot figure's only Axes
    (``own`` True)."""
    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax, True
    if isinstance(ax, np.ndarray | list | tuple):
        raise TypeError(f"ax must be one matplotlib Axes for this figure, got {len(ax)} of them.")
    return ax.figure, ax, False


def panels(ax, nrows: int, ncols: int, figsize, **subplots):
    """``(figure, axes as nrows lists of ncols Axes, own)`` for a figure of several panels.

    ``ax`` None: a new pyplot figure (``subplots`` go to ``plt.subplots``; ``own`` True). Otherwise
    ``ax`` holds exactly ``nrows * ncols`` Axes, row by row.
    """
    use_cjk_font()
    if ax is None:
        fig, grid = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, **subplots)
        return fig, [list(row) for row in grid], True
    flat = list(np.ravel(np.asarray(ax, dtype=object)))
    if len(flat) != nrows * ncols:
        raise ValueError(f"ax must hold {nrows * ncols} Axes ({nrows} x {ncols} panels) for this figure, "
                         f"got {len(flat)}. Fix: pass Figure(...).subplots({nrows}, {ncols}), or no ax.")
    return flat[0].figure, [flat[r * ncols:(r + 1) * ncols] for r in range(nrows)], False


def as_array(values):
    """A tensor, array or nested list as a float NumPy array (detached from autograd)."""
    if hasattr(values, "detach"):
        values = values.detach().cpu().numpy()
    return np.asarray(values, dtype=float)


def fixed_margins(fig, *, left: float, right: float, bottom: float, top: float, wspace: float = 0.2,
                  hspace: float = 0.2) -> None:
    """Margins in inches, set once. ``tight_layout`` finds them by measuring every label in an extra
    drawing pass for every figure, which made notebook 08 noticeably slower to run."""
    w, h = fig.get_size_inches()
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h,
                        wspace=wspace, hspace=hspace)
