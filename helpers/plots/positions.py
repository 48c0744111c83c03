"""Figures of token and position embeddings (notebooks 07, 08): the lookup table, a bag of vectors,
broadcasting, position tables and how the similarity of two positions depends on their distance.

Every function takes ``ax=`` and returns the Figure (see ``helpers.plots.canvas``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.patches
import numpy as np

from ..i18n import gettext as _
from ..style import MARKERS, OKABE_ITO, PALETTE, WARNING_COLOR, tint
from .canvas import as_array, fixed_margins, one_axes, panels


def draw_embedding_lookup(weight, ids: Sequence[int], *, title: str | None = None, ax=None):
    """The weight table (vocab_size x dim, numbers in cells) with the looked-up rows highlighted, and
    the output: one row per id, in the order of ``ids``, linked to its source row.

    Highlighted rows have a thick dark border and an "id -> output row" label as well as colour.
    """
    w = as_array(weight)
    ids = [int(i) for i in ids]
    vocab, dim = w.shape
    cw = 1.5   # cell width: room for "-0.4015" at 9 pt with a margin on both sides
    fig, ax, own = one_axes(ax, (10, max(2.6, 0.42 * max(vocab, len(ids)) + 1.2)))
    gap = 3.0
    out_x = dim * cw + gap
    chosen = set(ids)
    for r in range(vocab):
        y = vocab - 1 - r
        colour = tint(ids.index(r)) if r in chosen else "#F2F2F2"
        for c in range(dim):
            ax.add_patch(matplotlib.patches.Rectangle((c * cw, y), cw, 1, facecolor=colour,
                                                      edgecolor="#BBBBBB"))
            ax.text((c + 0.5) * cw, y + 0.5, f"{w[r, c]:.4f}", ha="center", va="center", fontsize=9)
        if r in chosen:
            ax.add_patch(matplotlib.patches.Rectangle((0, y), dim * cw, 1, fill=False, edgecolor="#222222",
                                                      linewidth=2))
        ax.text(-0.15, y + 0.5, _("id {r}").format(r=r), ha="right", va="center", fontsize=9,
                fontweight="bold" if r in chosen else "normal")
    top = vocab
    for k, r in enumerate(ids):
        y = top - 1 - k
        colour = tint(ids.index(r))
        for c in range(dim):
            ax.add_patch(matplotlib.patches.Rectangle((out_x + c * cw, y), cw, 1, facecolor=colour,
                                                      edgecolor="#222222"))
            ax.text(out_x + (c + 0.5) * cw, y + 0.5, f"{w[r, c]:.4f}", ha="center", va="center",
                    fontsize=9)
        ax.text(out_x + dim * cw + 0.15, y + 0.5, _("output row {k} (id {r})").format(k=k, r=r), ha="left",
                va="center",
                fontsize=9)
        ax.annotate("", xy=(out_x - 0.05, y + 0.5), xytext=(dim * cw + 0.05, vocab - 1 - r + 0.5),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.9})
    ax.text(dim * cw / 2, vocab + 0.3, _("weight: {vocab} x {dim}").format(vocab=vocab, dim=dim),
            ha="center", va="bottom", fontsize=10)
    ax.text(out_x + dim * cw / 2, vocab + 0.3, _("output: {n_ids} x {dim}").format(n_ids=len(ids), dim=dim),
            ha="center", va="bottom",
            fontsize=10)
    ax.set_xlim(-1.6, out_x + dim * cw + 3.4)
    ax.set_ylim(min(0, top - len(ids)) - 0.2, vocab + 1.0)
    ax.set_aspect("auto")
    ax.set_axis_off()
    default = _("Embedding lookup of ids {ids}: each id picks its row of the weight table").format(ids=ids)
    ax.set_title(title or default, loc="left", fontsize=11)
    return fig

def draw_bag_of_vectors(sentences: dict, *, title: str | None = None, ax=None):
    """One panel per sentence: its token vectors as rows of a heat map in sentence order, and below
    them their sum. ``sentences`` maps a label to ``(tokens, vectors)``; one panel each."""
    n = len(sentences)
    fig, axes, own = panels(ax, 1, n, (10, 3.4))
    arrays = {label: as_array(v) for label, (_tokens, v) in sentences.items()}
    limit = max(float(np.abs(a.sum(axis=0)).max()) for a in arrays.values()) or 1.0
    for ax, (label, (tokens, _vectors)) in zip(axes[0], sentences.items(), strict=True):
        a = arrays[label]
        full = np.vstack([a, np.full((1, a.shape[1]), np.nan), a.sum(axis=0, keepdims=True)])
        ax.imshow(np.where(np.isnan(full), 0, full), cmap="PuOr", vmin=-limit, vmax=limit,
                  aspect="auto")
        for (r, c), v in np.ndenumerate(full):
            if not np.isnan(v):
                ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=8,
                        color="white" if abs(v) > 0.6 * limit else "black")
        ax.axhspan(len(tokens) - 0.5, len(tokens) + 0.5, color="white")
        ax.set_yticks(list(range(len(tokens))) + [len(tokens) + 1],
                      [f"{i}: {t}" for i, t in enumerate(tokens)] + [_("sum")])
        ax.set_xticks(range(a.shape[1]), [f"d{c}" for c in range(a.shape[1])])
        ax.set_xlabel(_("embedding dimension"))
        ax.set_title(label, fontsize=10)
    if own or title:
        fig.suptitle(title or _("Token vectors in sentence order, and their sum"), fontsize=11)
    if own:
        fixed_margins(fig, left=0.95, right=0.15, bottom=0.6, top=0.65, wspace=0.25)
    return fig


def draw_broadcast_add(token_embeddings, pos_embeddings, *, n_samples: int = 3, n_dims: int = 12,
                       title: str | None = None, ax=None):
    """Broadcasting ``token_embeddings (batch, seq, dim) + pos_embeddings (seq, dim)``: for the first
    ``n_samples`` samples, the token vectors, the same position table, and their sum (the first
    ``n_dims`` dimensions as a heat map each): ``n_samples`` rows of three panels."""
    tok = as_array(token_embeddings)
    pos = as_array(pos_embeddings)
    batch, seq, dim = tok.shape
    n_samples = min(n_samples, batch)
    n_dims = min(n_dims, dim)
    fig, axes, own = panels(ax, n_samples, 3, (10, 1.25 * n_samples * max(1, seq / 4) + 1.3))
    total = tok + pos
    limit = max(abs(tok).max(), abs(pos).max(), abs(total).max())
    heads = [_("token_embeddings[b]  ({seq} x {dim})").format(seq=seq, dim=dim),
             _("+ pos_embeddings  ({seq} x {dim}), same for every b").format(seq=seq, dim=dim),
             _("= input_embeddings[b]  ({seq} x {dim})").format(seq=seq, dim=dim)]
    for b in range(n_samples):
        for c, data in enumerate((tok[b], pos, total[b])):
            ax = axes[b][c]
            ax.imshow(data[:, :n_dims], cmap="PuOr", vmin=-limit, vmax=limit, aspect="auto")
            ax.set_yticks(range(seq), [_("pos {p}").format(p=p) for p in range(seq)], fontsize=7)
            ax.set_xticks([])
            if c == 1:
                for spine in ax.spines.values():
                    spine.set_linestyle("--")
                    spine.set_edgecolor(WARNING_COLOR)
                    spine.set_linewidth(1.5)
            if b == 0:
                ax.set_title(heads[c], fontsize=9)
            if c == 0:
                ax.set_ylabel(_("sample b={b}").format(b=b), fontsize=9)
            if b == n_samples - 1:
                ax.set_xlabel(_("first {n_dims} of {dim} dimensions").format(n_dims=n_dims, dim=dim),
                              fontsize=8)
    more = batch - n_samples
    shapes = f"({batch}, {seq}, {dim}) + ({seq}, {dim}) -> ({batch}, {seq}, {dim})"
    if own or title:
        default = _("Broadcasting: {shapes}").format(shapes=shapes)
        if more:
            default += _("; {more} more samples not drawn").format(more=more)
        fig.suptitle(title or default, fontsize=11)
    if own:
        fixed_margins(fig, left=0.75, right=0.15, bottom=0.35, top=0.65, wspace=0.2, hspace=0.15)
    return fig


def kind_title(kind: str, *, short: bool = False) -> str:
    """A panel's title for a kind of position encoding (``short``: just its name), in the current
    language; an unknown kind is its own title."""
    if short:
        titles = {"learned": _("learned (GPT-2)"), "sinusoidal": _("sinusoidal (Vaswani et al.)"),
                  "rotary": _("rotary (RoPE)")}
    else:
        titles = {"learned": _("learned (GPT-2), at initialisation"),
                  "sinusoidal": _("sinusoidal (Vaswani et al.)"),
                  "rotary": _("rotary (RoPE) applied to [1, 0, 1, 0, ...]")}
    return titles.get(kind, kind)


# What the table pictures say and how they colour, read by these figures and by the positions
# explorer's SVG (``svg_views``) alike, so that the two never drift apart.
TABLE_CMAP = "PuOr"  # an added table: diverging, its limits symmetric round 0
ANGLE_CMAP = "twilight"  # RoPE's angles: cyclic, since 0 and 2 pi are the same turn
ANGLE_TICKS = ((0.0, np.pi, 2 * np.pi), ("0", "pi", "2 pi"))  # the angle colour bar's ticks, labels


def table_axis_labels() -> tuple[str, str]:
    """The x and y labels of an added position table, in the current language."""
    return _("dimension"), _("position")


def angle_table_text() -> tuple[str, str, str]:
    """The title, x and y labels of RoPE's angle table, in the current language."""
    return (_("rotary (RoPE): angle p x w_i that turns pair i\nat position p (radians, modulo 2 pi)"),
            _("pair i (dimensions 2i, 2i+1)"), _("position p"))


def draw_position_tables(tables: dict, *, title: str | None = None, ax=None):
    """Side-by-side heat maps of position tables: ``tables`` maps a kind to a (positions, dim) array;
    one panel each (with its colour bar)."""
    fig, [axes], own = panels(ax, 1, len(tables), (10.5, 3.6))
    for ax, (kind, table) in zip(axes, tables.items(), strict=True):
        a = as_array(table)
        limit = float(abs(a).max()) or 1.0
        image = ax.imshow(a, cmap=TABLE_CMAP, vmin=-limit, vmax=limit, aspect="auto", interpolation="nearest")
        ax.set_title(kind_title(kind), fontsize=9)
        xlabel, ylabel = table_axis_labels()
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    if own or title:
        fig.suptitle(title or _("What each position gets"), fontsize=11)
    if own:
        fixed_margins(fig, left=0.65, right=0.6, bottom=0.6, top=0.65, wspace=0.45)
    return fig


def draw_rope_angles(angles, *, title: str | None = None, ax=None):
    """RoPE's own table: the angle (radians, modulo 2 pi) pair ``i`` is turned by at position ``p``,
    ``p * w_i`` (``embeddings.rope_angles``). A cyclic colour map, since 0 and 2 pi are the same turn:
    fast pairs (left) wrap round many times, slow pairs (right) barely turn."""
    fig, ax, own = one_axes(ax, (5.2, 3.6))
    a = np.mod(as_array(angles), 2 * np.pi)
    image = ax.imshow(a, cmap=ANGLE_CMAP, vmin=0, vmax=2 * np.pi, aspect="auto", interpolation="nearest")
    heading, xlabel, ylabel = angle_table_text()
    ax.set_title(heading, fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    bar_ticks, bar_labels = ANGLE_TICKS
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.03, ticks=list(bar_ticks))
    bar.ax.set_yticklabels(list(bar_labels))
    if own or title:
        fig.suptitle(title or _("The angle RoPE turns each pair by"), fontsize=11)
    if own:
        fixed_margins(fig, left=0.65, right=0.6, bottom=0.6, top=0.75)
    return fig


def draw_rope_rotation(pair, *, positions: Sequence[int] = range(6), shift: int = 3, query_at: int = 2,
                       key_at: int = 0, title: str | None = None, ax=None):
    """RoPE on one pair of dimensions whose frequency is 1 (pair 0): left, the same query pair turned
    to positions 0, 1, 2, ... (one radian per position); right, a query at ``query_at`` and a key at
    ``key_at`` (solid), and both moved ``shift`` positions on (dashed): the angle between them stays.

    ``pair`` is the query's two numbers; the key pair is the query pair turned by a quarter turn, so
    the two are told apart by direction as well as colour and line style.
    """
    fig, [[left, right]], own = panels(ax, 1, 2, (10, 4.2))
    x, y = (float(v) for v in pair)
    radius = float(np.hypot(x, y)) or 1.0

    def turned(angle, vx=x, vy=y):
        return vx * np.cos(angle) - vy * np.sin(angle), vx * np.sin(angle) + vy * np.cos(angle)

    for a in (left, right):
        a.add_patch(matplotlib.patches.Circle((0, 0), radius, fill=False, edgecolor="#BBBBBB",
                                              linestyle=":"))
        a.axhline(0, color="#DDDDDD", linewidth=0.8)
        a.axvline(0, color="#DDDDDD", linewidth=0.8)
        a.set_xlim(-1.45 * radius, 1.45 * radius)
        a.set_ylim(-1.45 * radius, 1.45 * radius)
        a.set_aspect("equal")
        a.set_xlabel(_("dimension 0"))
        a.set_ylabel(_("dimension 1"))
    colour = OKABE_ITO["blue"]
    for p in positions:
        tx, ty = turned(p)
        left.annotate("", xy=(tx, ty), xytext=(0, 0),
                      arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.6})
        left.text(1.18 * tx, 1.18 * ty, f"p={p}", ha="center", va="center", fontsize=9)
    left.set_title(_("one query pair at positions {positions}\n(turned by p x 1 radian)").format(
        positions=", ".join(str(p) for p in positions)), fontsize=9)
    kx, ky = -y, x  # the key pair: the query pair turned a quarter turn
    styles = (("-", query_at, key_at), ("--", query_at + shift, key_at + shift))
    for style, m, n in styles:
        for vx, vy, at, col, name in ((x, y, m, OKABE_ITO["blue"], _("query at {at}")),
                                      (kx, ky, n, OKABE_ITO["vermillion"], _("key at {at}"))):
            tx, ty = turned(at, vx, vy)
            right.annotate("", xy=(tx, ty), xytext=(0, 0),
                           arrowprops={"arrowstyle": "-|>", "color": col, "lw": 1.6, "linestyle": style})
            right.text(1.2 * tx, 1.2 * ty, name.format(at=at), ha="center", va="center", fontsize=9)
    right.plot([], [], color=OKABE_ITO["blue"], label=_("query"))
    right.plot([], [], color=OKABE_ITO["vermillion"], label=_("key"))
    right.plot([], [], color="#555555", linestyle="-",
               label=_("query at {query_at}, key at {key_at}").format(query_at=query_at, key_at=key_at))
    right.plot([], [], color="#555555", linestyle="--",
               label=_("both {shift} positions later").format(shift=shift))
    right.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    right.set_title(_("both moved {shift} positions on: both turn by {shift} radians,\nso the angle "
                      "between them, and their dot product, stay").format(shift=shift), fontsize=9)
    if own or title:
        fig.suptitle(title or _("RoPE turns each pair of a query and a key by its position"), fontsize=11)
    if own:
        fixed_margins(fig, left=0.7, right=1.9, bottom=0.6, top=0.85, wspace=0.3)
    return fig


def query_label(m: int) -> str:
    """The legend entry of the causal curve of the query at position ``m``."""
    return _("query at m={m}").format(m=m)


def curve_style(j: int) -> dict:
    """How the ``j``-th causal curve is drawn (matplotlib's names): colour, marker, its size and
    whether it is filled (the first is hollow, so curves on top of each other still show), line style."""
    color = PALETTE[j % len(PALETTE)]
    return {"color": color, "marker": MARKERS[j % len(MARKERS)], "markersize": 7 - 1.5 * j,
            "markerfacecolor": "none" if j == 0 else color, "linestyle": ("-", "--", ":")[j % 3]}


def distance_label() -> str:
    """The x label of the causal curves, in the current language."""
    return _("distance d = m - n (key d steps back)")


def causal_title(kind: str, c) -> str:
    """The title of a kind's causal-curves panel: its short name and the largest gap between the curves."""
    return _("{kind}\nlargest gap between the curves: {max_gap:.2f}").format(
        kind=kind_title(kind, short=True), max_gap=c.max_gap)


def draw_causal_curves(curves: dict, *, ylabel: str | None = None, title: str | None = None, ax=None):
    """One panel per kind: the score of a query at ``m`` with the key ``d`` steps before it, one line
    per query position (colour and marker both name it), y-axes shared. Curves that lie on top of
    each other mean that only the distance counts. ``curves`` maps a kind to a ``CausalCurves``."""
    fig, [axes], own = panels(ax, 1, len(curves), (10.5, 3.6), sharey=True)
    for index, (a, (kind, c)) in enumerate(zip(axes, curves.items(), strict=True)):
        for j, (m, values) in enumerate(c.curves.items()):
            a.plot(c.distance, values, linewidth=1.2, label=query_label(m), **curve_style(j))
        a.set_title(causal_title(kind, c), fontsize=9)
        a.set_xlabel(distance_label())
        if index == 0:
            a.set_ylabel(ylabel or _("score q.k / sqrt(d)"))
        if index == len(curves) - 1:  # the last panel (RoPE's flat curve in 08) leaves the top free
            a.legend(fontsize=8, loc="upper right")
        a.tick_params(labelleft=True)
    if own or title:
        fig.suptitle(title or _("Does the score depend only on the distance?"), fontsize=11)
    if own:
        fixed_margins(fig, left=0.8, right=0.15, bottom=0.6, top=0.75, wspace=0.25)
    return fig
