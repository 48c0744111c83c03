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


# --- 02-04 tokenizers ---


def _text_box(ax, x: float, y: float, text: str, *, width: int = 90, color: str = "#F2F2F2") -> None:
    """A rounded box of wrapped text, left-aligned at (x, y) in axes coordinates."""
    import textwrap

    ax.text(x, y, "\n".join(textwrap.wrap(text, width)) or " ", ha="left", va="center",
            family="monospace", fontsize=10, transform=ax.transAxes,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": color, "edgecolor": "#555555"})


def draw_vocabulary(pieces: Sequence[str], vocab: dict, *, title: str | None = None):
    """From tokens to a vocabulary: the tokens in text order (top), then the distinct ones sorted,
    each with its id in ``vocab`` (bottom). Returns the Figure."""
    words = sorted(set(pieces))
    rows_top = max(1, -(-len(pieces) // 12))
    rows_bottom = max(1, -(-len(words) // 12))
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(11, 0.9 * (rows_top + rows_bottom) + 1.4),
        gridspec_kw={"height_ratios": [rows_top + 0.5, rows_bottom + 0.5]})
    draw_token_pieces(pieces, ax=top, title=f"1. The text cut into {len(pieces)} tokens")
    draw_token_pieces(words, [vocab[w] for w in words], ax=bottom,
                      title=f"2. Sorted, duplicates removed: {len(words)} distinct tokens, each with "
                            f"its id in the {len(vocab)}-entry vocabulary")
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=12)
    fig.tight_layout()
    return fig


def draw_encode_decode(text: str, pieces: Sequence[str], ids: Sequence[int], decoded: str, *,
                       unknown: Iterable[int] = (), title: str | None = None):
    """The tokenizer's two directions: text -> tokens -> ids (encode) and ids -> text (decode).

    ``pieces`` and ``ids`` are what the tokenizer computed; unknown pieces are marked as in
    ``draw_token_pieces``. Returns the Figure."""
    rows = max(1, -(-len(pieces) // 12))
    fig, (ax_in, ax_tok, ax_out) = plt.subplots(
        3, 1, figsize=(11, 0.9 * rows + 2.6),
        gridspec_kw={"height_ratios": [0.9, 0.9 * rows + 0.3, 0.9]})
    for ax, label, shown, color in ((ax_in, "input text", text, "#FFFFFF"),
                                    (ax_out, "decode(ids)", decoded, TINTS[2])):
        ax.set_axis_off()
        ax.text(0.0, 0.5, label, ha="left", va="center", fontsize=10, fontweight="bold",
                transform=ax.transAxes)
        _text_box(ax, 0.16, 0.5, shown, color=color)
    draw_token_pieces(pieces, ids, unknown=unknown, ax=ax_tok)
    ax_tok.set_title("encode(text): split into tokens, then look each one up in the vocabulary "
                     "(id underneath)  \u2193 decode: ids \u2192 tokens \u2192 joined text",
                     loc="left", fontsize=10)
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=12)
    fig.tight_layout()
    return fig


def draw_documents(documents: Sequence[str], token_counts: Sequence[int], *,
                   separator: str = "<|endoftext|>", separator_id: int | None = None,
                   title: str | None = None):
    """Unrelated documents joined into one training stream, ``separator`` between each pair.

    ``token_counts`` are the documents' token counts (computed by the caller). Returns the Figure."""
    import textwrap

    n = len(documents)
    fig, ax = plt.subplots(figsize=(11, 2.6))
    doc_w, sep_w, gap = 2.6, 1.25, 0.15
    x = 0.0
    for i, (doc, count) in enumerate(zip(documents, token_counts, strict=True)):
        ax.add_patch(matplotlib.patches.FancyBboxPatch(
            (x, 0), doc_w, 1.6, boxstyle="round,pad=0.02,rounding_size=0.1",
            facecolor=TINTS[(2 * i) % len(TINTS)], edgecolor="#555555"))
        short = textwrap.shorten(doc, 70, placeholder=" ...")
        ax.text(x + doc_w / 2, 0.95, "\n".join(textwrap.wrap(short, 24)), ha="center", va="center",
                fontsize=8.5, family="monospace")
        ax.text(x + doc_w / 2, 1.78, f"document {i + 1}: {count} tokens", ha="center", fontsize=9.5)
        x += doc_w + gap
        if i < n - 1:
            ax.add_patch(matplotlib.patches.FancyBboxPatch(
                (x, 0.45), sep_w, 0.7, boxstyle="round,pad=0.02,rounding_size=0.1",
                facecolor="#333333", edgecolor="#000000", hatch="///"))
            label = separator if separator_id is None else f"{separator}\nid {separator_id}"
            ax.text(x + sep_w / 2, 0.8, label, ha="center", va="center", fontsize=8,
                    family="monospace", color="#FFFFFF",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "#333333", "edgecolor": "none"})
            x += sep_w + gap
    ax.annotate("", xy=(x, -0.35), xytext=(0, -0.35),
                arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 1.2})
    ax.text(x / 2, -0.6, f"one token stream of {sum(token_counts) + n - 1} tokens: the model learns "
            f"that text after {separator} starts something new", ha="center", va="top", fontsize=9.5)
    ax.set_xlim(-0.1, x + 0.1)
    ax.set_ylim(-1.0, 2.1)
    ax.set_axis_off()
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    fig.tight_layout()
    return fig


def tokenizer_rows_html(rows) -> str:
    """The tokenizer playground's body: one row per tokenizer (``tokenizers.TokenizerRow``).

    Stable CSS classes for tests: ``t2t-playground`` around everything; ``t2t-row t2t-row-<key>``
    per tokenizer (keys ``regex``, ``v1``, ``v2``, ``gpt2``); inside, ``t2t-row-label``, then either
    the pieces (``t2t-tokens`` > ``t2t-token``, unknown ones also ``t2t-unknown``) or
    ``t2t-error`` with the error message.
    """
    parts = ["<div class='t2t-playground'>"]
    for row in rows:
        parts.append(f"<div class='t2t-row t2t-row-{row.key}' style='margin:6px 0'>")
        count = "" if row.error else f" ({len(row.pieces)} tokens)"
        parts.append(f"<div class='t2t-row-label' style='font-weight:bold'>"
                     f"{html.escape(row.label)}{count}</div>")
        if row.error:
            parts.append("<div class='t2t-error' style='border-left:4px solid #D55E00;padding:4px 8px;"
                         f"background:#FFF5EE;font-family:monospace;white-space:pre-wrap'>"
                         f"{html.escape(row.error)}</div>")
        else:
            chips = tokens_html(row.pieces, row.ids, unknown=row.unknown)
            for i in row.unknown:
                chips = chips.replace(f"class='t2t-token' data-index='{i}'",
                                      f"class='t2t-token t2t-unknown' data-index='{i}'", 1)
            parts.append(chips)
            if row.unknown:
                words = ", ".join(html.escape(repr(row.pieces[i])) for i in row.unknown)
                parts.append(f"<div class='t2t-note' style='font-size:90%;color:#333'>dashed, marked ?: "
                             f"not in the vocabulary, encoded as &lt;|unk|&gt; ({words})</div>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# --- 07/08 token and position embeddings ---


def _as_array(values):
    import numpy as np

    if hasattr(values, "detach"):
        values = values.detach().cpu().numpy()
    return np.asarray(values, dtype=float)


def _new_axes(fig, nrows: int, ncols: int, figsize, **kwargs):
    """Axes on ``fig`` when given (widgets draw on a bare Figure so nothing is shown twice), else on a
    new pyplot figure."""
    if fig is None:
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, **kwargs)
    else:
        axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


def _fixed_margins(fig, *, left: float, right: float, bottom: float, top: float, wspace: float = 0.2,
                   hspace: float = 0.2) -> None:
    """Margins in inches, set once. ``tight_layout`` finds them by measuring every label in an extra
    drawing pass, which cost notebook 08 about 0.2 s a figure."""
    w, h = fig.get_size_inches()
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h,
                        wspace=wspace, hspace=hspace)


def figure_html(fig, alt: str = "figure", dpi: int = 80) -> str:
    """A drawn figure as an ``<img>`` tag (PNG, base64), for HTML widgets; the figure is then closed."""
    import base64
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img class='t2t-figure' alt='{html.escape(alt)}' src='data:image/png;base64,{data}'>"


def draw_embedding_lookup(weight, ids: Sequence[int], *, title: str | None = None, fig=None):
    """The weight table (vocab_size x dim, numbers in cells) with the looked-up rows highlighted, and
    the output: one row per id, in the order of ``ids``, linked to its source row.

    Highlighted rows have a thick dark border and an "id -> output row" label as well as colour.
    """
    w = _as_array(weight)
    ids = [int(i) for i in ids]
    vocab, dim = w.shape
    fig, axes = _new_axes(fig, 1, 1, (9, max(2.6, 0.42 * max(vocab, len(ids)) + 1.2)))
    ax = axes[0][0]
    gap = 3.0
    out_x = dim + gap
    chosen = set(ids)
    for r in range(vocab):
        y = vocab - 1 - r
        colour = TINTS[ids.index(r) % len(TINTS)] if r in chosen else "#F2F2F2"
        for c in range(dim):
            ax.add_patch(matplotlib.patches.Rectangle((c, y), 1, 1, facecolor=colour, edgecolor="#BBBBBB"))
            ax.text(c + 0.5, y + 0.5, f"{w[r, c]:.4f}", ha="center", va="center", fontsize=8)
        if r in chosen:
            ax.add_patch(matplotlib.patches.Rectangle((0, y), dim, 1, fill=False, edgecolor="#222222",
                                                      linewidth=2))
        ax.text(-0.15, y + 0.5, f"id {r}", ha="right", va="center", fontsize=9,
                fontweight="bold" if r in chosen else "normal")
    top = vocab
    for k, r in enumerate(ids):
        y = top - 1 - k
        colour = TINTS[ids.index(r) % len(TINTS)]
        for c in range(dim):
            ax.add_patch(matplotlib.patches.Rectangle((out_x + c, y), 1, 1, facecolor=colour,
                                                      edgecolor="#222222"))
            ax.text(out_x + c + 0.5, y + 0.5, f"{w[r, c]:.4f}", ha="center", va="center", fontsize=8)
        ax.text(out_x + dim + 0.15, y + 0.5, f"output row {k} (id {r})", ha="left", va="center",
                fontsize=8)
        ax.annotate("", xy=(out_x - 0.05, y + 0.5), xytext=(dim + 0.05, vocab - 1 - r + 0.5),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.9})
    ax.text(dim / 2, vocab + 0.3, f"weight: {vocab} x {dim}", ha="center", va="bottom", fontsize=10)
    ax.text(out_x + dim / 2, vocab + 0.3, f"output: {len(ids)} x {dim}", ha="center", va="bottom",
            fontsize=10)
    ax.set_xlim(-1.6, out_x + dim + 3.2)
    ax.set_ylim(min(0, top - len(ids)) - 0.2, vocab + 1.0)
    ax.set_aspect("auto")
    ax.set_axis_off()
    ax.set_title(title or f"Embedding lookup of ids {ids}: each id picks its row of the weight table",
                 loc="left", fontsize=11)
    return fig


def embedding_lookup_html(weight, ids: Sequence[int], output_text: str = "") -> str:
    """The weight table as HTML with the rows of ``ids`` highlighted (tint, bold border, "<- picked
    as output row k"), then the output tensor as text. For the lookup explorer."""
    w = _as_array(weight)
    ids = [int(i) for i in ids]
    picked: dict[int, list[int]] = {}
    for k, r in enumerate(ids):
        picked.setdefault(r, []).append(k)
    head = "".join(f"<th style='padding:2px 6px'>dim {c}</th>" for c in range(w.shape[1]))
    rows = []
    for r in range(w.shape[0]):
        cells = "".join(f"<td style='padding:2px 6px;text-align:right'>{v:.4f}</td>" for v in w[r])
        if r in picked:
            style = f"background:{TINTS[ids.index(r) % len(TINTS)]};outline:2px solid #222;font-weight:bold"
            note = f"&larr; output row{'s' if len(picked[r]) > 1 else ''} {', '.join(map(str, picked[r]))}"
            attr = " data-picked='1'"
        else:
            style, note, attr = "color:#555", "", ""
        rows.append(f"<tr class='t2t-row' data-id='{r}'{attr} style='{style}'><th style='padding:2px 6px'>"
                    f"id {r}</th>{cells}<td style='padding:2px 6px'>{note}</td></tr>")
    table = (f"<table class='t2t-embedding' style='border-collapse:collapse;font-family:monospace'>"
             f"<tr><th></th>{head}<th></th></tr>{''.join(rows)}</table>")
    out = (f"<pre class='t2t-output' style='margin-top:6px'>{html.escape(output_text)}</pre>"
           if output_text else "")
    return table + out


def draw_bag_of_vectors(sentences: dict, *, title: str | None = None, fig=None):
    """One panel per sentence: its token vectors as rows of a heat map in sentence order, and below
    them their sum. ``sentences`` maps a label to ``(tokens, vectors)``."""
    import numpy as np

    n = len(sentences)
    fig, axes = _new_axes(fig, 1, n, (10, 3.4))
    arrays = {label: _as_array(v) for label, (_, v) in sentences.items()}
    limit = max(float(np.abs(a.sum(axis=0)).max()) for a in arrays.values()) or 1.0
    for ax, (label, (tokens, _)) in zip(axes[0], sentences.items(), strict=True):
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
                      [f"{i}: {t}" for i, t in enumerate(tokens)] + ["sum"])
        ax.set_xticks(range(a.shape[1]), [f"d{c}" for c in range(a.shape[1])])
        ax.set_xlabel("embedding dimension")
        ax.set_title(label, fontsize=10)
    fig.suptitle(title or "Token vectors in sentence order, and their sum", fontsize=11)
    _fixed_margins(fig, left=0.95, right=0.15, bottom=0.6, top=0.65, wspace=0.25)
    return fig


def draw_broadcast_add(token_embeddings, pos_embeddings, *, n_samples: int = 3, n_dims: int = 12,
                       title: str | None = None, fig=None):
    """Broadcasting ``token_embeddings (batch, seq, dim) + pos_embeddings (seq, dim)``: for the first
    ``n_samples`` samples, the token vectors, the same position table, and their sum (the first
    ``n_dims`` dimensions as a heat map each)."""
    tok = _as_array(token_embeddings)
    pos = _as_array(pos_embeddings)
    batch, seq, dim = tok.shape
    n_samples = min(n_samples, batch)
    n_dims = min(n_dims, dim)
    fig, axes = _new_axes(fig, n_samples, 3, (10, 1.25 * n_samples * max(1, seq / 4) + 1.3))
    total = tok + pos
    limit = max(abs(tok).max(), abs(pos).max(), abs(total).max())
    heads = [f"token_embeddings[b]  ({seq} x {dim})", f"+ pos_embeddings  ({seq} x {dim}), same for every b",
             f"= input_embeddings[b]  ({seq} x {dim})"]
    for b in range(n_samples):
        for c, data in enumerate((tok[b], pos, total[b])):
            ax = axes[b][c]
            ax.imshow(data[:, :n_dims], cmap="PuOr", vmin=-limit, vmax=limit, aspect="auto")
            ax.set_yticks(range(seq), [f"pos {p}" for p in range(seq)], fontsize=7)
            ax.set_xticks([])
            if c == 1:
                for spine in ax.spines.values():
                    spine.set_linestyle("--")
                    spine.set_edgecolor(OKABE_ITO["vermillion"])
                    spine.set_linewidth(1.5)
            if b == 0:
                ax.set_title(heads[c], fontsize=9)
            if c == 0:
                ax.set_ylabel(f"sample b={b}", fontsize=9)
            if b == n_samples - 1:
                ax.set_xlabel(f"first {n_dims} of {dim} dimensions", fontsize=8)
    more = batch - n_samples
    shapes = f"({batch}, {seq}, {dim}) + ({seq}, {dim}) -> ({batch}, {seq}, {dim})"
    fig.suptitle(title or (f"Broadcasting: {shapes}" + (f"; {more} more samples not drawn" if more else "")),
                 fontsize=11)
    _fixed_margins(fig, left=0.75, right=0.15, bottom=0.35, top=0.65, wspace=0.2, hspace=0.15)
    return fig


KIND_TITLES = {"learned": "learned (GPT-2), at initialisation", "sinusoidal": "sinusoidal (Vaswani et al.)",
               "rotary": "rotary (RoPE) applied to [1, 0, 1, 0, ...]"}


def draw_position_tables(tables: dict, *, title: str | None = None, fig=None, axes=None):
    """Side-by-side heat maps of position tables: ``tables`` maps a kind to a (positions, dim) array."""
    own = axes is None
    if own:
        fig, grid = _new_axes(fig, 1, len(tables), (10.5, 3.6))
        axes = grid[0]
    for ax, (kind, table) in zip(axes, tables.items(), strict=True):
        a = _as_array(table)
        limit = float(abs(a).max()) or 1.0
        image = ax.imshow(a, cmap="PuOr", vmin=-limit, vmax=limit, aspect="auto", interpolation="nearest")
        ax.set_title(KIND_TITLES.get(kind, kind), fontsize=9)
        ax.set_xlabel("dimension")
        ax.set_ylabel("position")
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.03)
    if own:
        fig.suptitle(title or "What each position gets", fontsize=11)
        _fixed_margins(fig, left=0.65, right=0.6, bottom=0.6, top=0.65, wspace=0.45)
    return axes[0].figure


def draw_scores_by_distance(profiles: dict, *, ylabel: str = "score", title: str | None = None,
                            fig=None, axes=None):
    """One panel per kind: the mean score against the distance n - m, with a band from the lowest to
    the highest score at that distance. A band of zero width means the score depends only on the
    distance. ``profiles`` maps a kind to a ``DistanceProfile``."""
    own = axes is None
    if own:
        fig, grid = _new_axes(fig, 1, len(profiles), (10.5, 3.2))
        axes = grid[0]
    colours = {"learned": OKABE_ITO["vermillion"], "sinusoidal": OKABE_ITO["blue"],
               "rotary": OKABE_ITO["green"]}
    for index, (ax, (kind, prof)) in enumerate(zip(axes, profiles.items(), strict=True)):
        colour = colours.get(kind, OKABE_ITO["purple"])
        ax.fill_between(prof.distance, prof.low, prof.high, color=colour, alpha=0.25, linewidth=0,
                        label="lowest to highest")
        ax.plot(prof.distance, prof.mean, color=colour, marker=".", markersize=3, label="mean")
        verdict = "depends only on distance" if prof.only_distance() else "depends on the positions too"
        ax.set_title(f"{kind}: {verdict}", fontsize=9)
        ax.set_xlabel("distance n - m")
        ax.set_ylabel(ylabel)
        if index == 0:  # one legend per row is enough; a fixed place is much cheaper than loc="best"
            ax.legend(fontsize=7, loc="upper right")
    if own:
        fig.suptitle(title or "Similarity between two positions by their distance", fontsize=11)
        _fixed_margins(fig, left=0.8, right=0.15, bottom=0.6, top=0.65, wspace=0.3)
    return axes[0].figure


def draw_distance_rows(rows: dict, *, title: str | None = None, fig=None):
    """Several ``draw_scores_by_distance`` rows in one figure: ``rows`` maps a y-axis label to a dict
    of ``DistanceProfile`` by kind (one row of panels each)."""
    ncols = max(len(profiles) for profiles in rows.values())
    fig, axes = _new_axes(fig, len(rows), ncols, (10.5, 2.9 * len(rows)))
    for row_axes, (ylabel, profiles) in zip(axes, rows.items(), strict=True):
        draw_scores_by_distance(profiles, ylabel=ylabel, axes=list(row_axes[:len(profiles)]))
    fig.suptitle(title or "Similarity between two positions by their distance", fontsize=11)
    _fixed_margins(fig, left=0.9, right=0.15, bottom=0.6, top=0.65, wspace=0.3, hspace=0.45)
    return fig


def draw_position_explorer(kind: str, table, profile, *, ylabel: str = "score", fig=None):
    """The positions explorer's picture: the table of one kind and its score-by-distance curve."""
    fig, axes = _new_axes(fig, 1, 2, (10, 3.4))
    draw_position_tables({kind: table}, axes=[axes[0][0]])
    draw_scores_by_distance({kind: profile}, ylabel=ylabel, axes=[axes[0][1]])
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.9, wspace=0.3)  # fixed: no extra draw pass
    return fig


# --- 06 sliding windows ---

_IN_TINT, _TGT_TINT = TINTS[0], TINTS[1]  # orange for inputs, sky blue for targets


def _cell(piece: str) -> str:
    return html.escape(_visible(piece))


def _int_tensor_text(rows) -> str:
    """A 2-D integer tensor laid out as ``print`` shows it (one row per line, numbers aligned), but
    without torch's slow general formatter (the explorer redraws this on every change)."""
    rows = rows.tolist()
    width = max((len(str(v)) for row in rows for v in row), default=1)
    lines = ["[" + ", ".join(f"{v:>{width}}" for v in row) + "]" for row in rows]
    return "tensor([" + ",\n        ".join(lines) + "])"


def sliding_windows_html(view) -> str:
    """The sliding-window explorer's page, from a ``sampling.WindowView``.

    Stable CSS classes for tests and browsers: ``t2t-count-<name>`` (samples, batches, tokens,
    covered, never-targets, overlap, gap, lost) each holding just the number; ``t2t-lesson`` per
    lesson; ``t2t-window-table`` with cells ``t2t-in`` (input), ``t2t-tgt`` (target) and
    ``t2t-never`` (a token no window uses as a target); ``t2t-batch-inputs`` / ``t2t-batch-targets``.
    """
    s = view.stats
    counts = [
        ("samples", "samples (windows)", s.samples),
        ("batches", "batches", s.batches),
        ("tokens", "tokens in the text", s.n_tokens),
        ("covered", "tokens covered by some window", s.tokens_covered),
        ("never-targets", "tokens never used as a target", s.never_targets),
        ("overlap", "overlap of neighbouring windows (tokens)", s.overlap),
        ("gap", "gap between neighbouring windows (tokens)", s.gap),
        ("lost", "samples lost to drop_last", s.lost_to_drop_last),
    ]
    rows = "".join(
        f"<tr><td style='padding:0 8px'>{label}</td>"
        f"<td class='t2t-count-{key}' style='text-align:right;font-family:monospace'>{value}</td></tr>"
        for key, label, value in counts
    )
    lessons = "".join(f"<li class='t2t-lesson'>{html.escape(t)}</li>" for t in view.lessons)
    # the first windows over the first tokens: one row of inputs and one of targets per window
    n = len(view.pieces)
    head = "".join(f"<th style='font-weight:normal;color:#555'>{p}</th>" for p in range(n))
    body = []
    for w in view.windows:
        for kind, lo, hi, tint, cls in (("input", w.start, w.input_stop, _IN_TINT, "t2t-in"),
                                        ("target", w.target_start, w.target_stop, _TGT_TINT, "t2t-tgt")):
            cells = "".join(
                f"<td class='{cls}' style='background:{tint};border:1px solid #555'>"
                f"{_cell(view.pieces[p])}</td>"
                if lo <= p < hi else f"<td style='color:#999'>{_cell(view.pieces[p])}</td>"
                for p in range(n)
            )
            body.append(f"<tr class='t2t-window t2t-window-{w.index}'><th style='text-align:left;"
                        f"white-space:nowrap'>window {w.index + 1} {kind}</th>{cells}</tr>")
    never = "".join(
        "<td class='t2t-never' style='color:#D55E00;font-weight:bold' title='never a target'>&#x2717;</td>"
        if not used else "<td></td>" for used in view.is_target
    )
    body.append(f"<tr><th style='text-align:left;white-space:nowrap'>never a target</th>{never}</tr>")
    table = (
        "<div style='overflow-x:auto'><table class='t2t-window-table' style='border-collapse:separate;"
        "border-spacing:2px;font-family:monospace;font-size:12px'>"
        f"<tr><th style='text-align:left'>position</th>{head}</tr>{''.join(body)}</table></div>"
    )
    if view.inputs is None:
        batch = "<p class='t2t-batch-none'>No batch to show: the loader yields zero batches.</p>"
    else:
        order = f"shuffled with seed {view.seed}" if view.shuffle else "in order"
        batch = (
            f"<p class='t2t-batch-title'>Batch {view.batch_index} of {s.batches} ({order}): samples "
            f"<span class='t2t-batch-samples'>{view.batch_samples}</span></p>"
            f"<pre class='t2t-batch-inputs' style='margin:2px 0'>inputs:\n"
            f"{html.escape(_int_tensor_text(view.inputs))}</pre>"
            f"<pre class='t2t-batch-targets' style='margin:2px 0'>targets:\n"
            f"{html.escape(_int_tensor_text(view.targets))}</pre>"
        )
    legend = (f"<span style='background:{_IN_TINT};border:1px solid #555;padding:0 4px'>input</span> "
              f"<span style='background:{_TGT_TINT};border:1px solid #555;padding:0 4px'>"
              "target (input shifted by one)</span> "
              "<span style='color:#D55E00;font-weight:bold'>&#x2717;</span> never a target")
    return (
        "<div class='t2t-sliding-windows'>"
        f"<table class='t2t-counts'>{rows}</table><ul class='t2t-lessons'>{lessons}</ul>"
        f"<p style='margin:4px 0'>The first {len(view.windows)} window(s) over the first {n} tokens. "
        f"{legend}</p>"
        f"{table}{batch}</div>"
    )


def draw_context_steps(pieces: Sequence[str], ids: Sequence[int], *, steps: int = 4,
                       title: str | None = None):
    """The notes' "data sampling" picture from real tokens: with 1, 2, ... ``steps`` tokens of
    context (orange) the model must predict the next token (blue); later tokens are hidden (grey)."""
    shown = steps + 2
    fig, ax = plt.subplots(figsize=(10, 0.75 * steps + 0.9))
    for row in range(steps):
        y = -row
        for p in range(shown):
            if p <= row:
                face, edge, text, style = _IN_TINT, "#555555", _visible(pieces[p]), "-"
            elif p == row + 1:
                face, edge, text, style = _TGT_TINT, OKABE_ITO["blue"], _visible(pieces[p]), "-"
            else:
                face, edge, text, style = "#EEEEEE", "#BBBBBB", "(hidden)", ":"
            ax.add_patch(matplotlib.patches.FancyBboxPatch(
                (p * 1.45, y - 0.3), 1.3, 0.6, boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor=face, edgecolor=edge, linestyle=style, linewidth=1.2))
            ax.text(p * 1.45 + 0.65, y + 0.05, text, ha="center", va="center", family="monospace",
                    fontsize=9, color="#000000" if p <= row + 1 else "#888888")
            if p <= row + 1:
                ax.text(p * 1.45 + 0.65, y - 0.2, str(ids[p]), ha="center", va="center", fontsize=7,
                        color="#333333")
        ax.annotate("", xy=((row + 1) * 1.45 - 0.02, y), xytext=(row * 1.45 + 1.32, y),
                    arrowprops={"arrowstyle": "->", "color": OKABE_ITO["blue"]})
        ax.text(-0.2, y, f"context {row + 1}", ha="right", va="center", fontsize=9)
    ax.set_xlim(-1.8, shown * 1.45)
    ax.set_ylim(-steps + 0.4, 0.8)
    ax.set_axis_off()
    ax.set_title(title or "Input (orange) -> next token to predict (blue); later tokens are hidden",
                 loc="left", fontsize=11)
    return ax


def draw_xy_batch(inputs, targets, pieces_of=None, *, title: str | None = None):
    """The notes' "efficient data loader" picture from a real batch: tensor x (inputs, one row per
    sample) and tensor y (targets: the same rows shifted one token to the right).

    ``pieces_of`` (optional) maps an id to its text, shown under each id.
    """
    x, y = [list(map(int, r)) for r in inputs], [list(map(int, r)) for r in targets]
    rows, cols = len(x), len(x[0])
    fig, axes = plt.subplots(1, 2, figsize=(10, 0.6 * rows + 1.3))
    panels = ((axes[0], x, "x = inputs", _IN_TINT), (axes[1], y, "y = targets", _TGT_TINT))
    for ax, grid, name, tint in panels:
        for r in range(rows):
            for c in range(cols):
                ax.add_patch(matplotlib.patches.Rectangle((c, -r - 1), 1, 1, facecolor=tint,
                                                          edgecolor="#555555"))
                label = str(grid[r][c])
                if pieces_of is not None:
                    label += "\n" + _visible(pieces_of(grid[r][c]))
                ax.text(c + 0.5, -r - 0.5, label, ha="center", va="center", fontsize=8, family="monospace")
        ax.set_xlim(0, cols)
        ax.set_ylim(-rows, 0)
        ax.set_xticks([c + 0.5 for c in range(cols)], [str(c) for c in range(cols)])
        ax.set_yticks([-r - 0.5 for r in range(rows)], [f"sample {r}" for r in range(rows)])
        ax.set_xlabel("position in the window")
        ax.set_title(name, fontsize=10)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
    fig.suptitle(title or "One batch: each row of y is its row of x shifted one token to the right",
                 fontsize=11)
    fig.tight_layout()
    return fig


def draw_stride_comparison(settings: dict, n_shown: int, *, title: str | None = None):
    """Windows laid over the first ``n_shown`` token positions, one panel per setting.

    ``settings`` maps a label to ``(windows, is_target)``: the ``sampling.WindowSpan`` list of the
    windows to draw and, per position, whether any window uses that token as a target. Inputs are
    orange bars, the target shift blue, and tokens never used as a target are marked with a red x.
    """
    fig, axes = plt.subplots(len(settings), 1, figsize=(10, 1.35 * len(settings) + 0.6), sharex=True)
    axes = [axes] if len(settings) == 1 else list(axes)
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
        ax.scatter(missed, [lowest - 0.35] * len(missed), marker="x", color=OKABE_ITO["vermillion"], s=30,
                   label="never a target")
        ax.set_ylim(lowest - 0.7, 0.55)
        ax.set_yticks([])
        ax.set_title(label, loc="left", fontsize=10)
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
    handles = [matplotlib.patches.Patch(facecolor=OKABE_ITO["orange"], edgecolor="#333333",
                                        label="input window"),
               matplotlib.patches.Patch(facecolor=OKABE_ITO["sky"], edgecolor="#333333", hatch="//",
                                        label="target window (shifted by one)"),
               plt.Line2D([], [], marker="x", color=OKABE_ITO["vermillion"], linestyle="",
                          label="never a target")]
    axes[0].legend(handles=handles, loc="upper right", fontsize=8, ncol=3, bbox_to_anchor=(1, 1.55))
    axes[-1].set_xlim(0, n_shown)
    axes[-1].set_xlabel("token position in the text")
    fig.suptitle(title or "How stride moves the window", fontsize=11, x=0.01, ha="left")
    fig.tight_layout()
    return fig


# --- 01 embeddings and word2vec ---


def draw_embedding_models(rows, *, title: str | None = None):
    """Raw data -> its own embedding model -> a dense vector, one row per kind of data.

    ``rows``: ``(kind, example, model_name, vector)`` with ``vector`` a short list of numbers (shown
    rounded) or None for a vector drawn as empty cells. Returns the Figure.
    """
    fig, ax = plt.subplots(figsize=(10, 1.25 * len(rows) + 0.6))
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
                                                      facecolor=TINTS[i % len(TINTS)], edgecolor="#333"))
            ax.text(6.8 + 0.95 * j + 0.45, y, "" if value is None else f"{value:.2f}",
                    ha="center", va="center", fontsize=9, family="monospace")
        ax.text(6.8 + 0.95 * len(cells) + 0.1, y, "...", va="center", fontsize=11)
    ax.text(1.3, 0.75, "raw data", ha="center", fontsize=10, color="#333")
    ax.text(4.7, 0.75, "embedding model", ha="center", fontsize=10, color="#333")
    ax.text(8.0, 0.75, "dense vector (first numbers)", ha="center", fontsize=10, color="#333")
    ax.set_xlim(-0.2, 10.6)
    ax.set_ylim(-1.25 * (len(rows) - 1) - 0.6, 1.1)
    ax.set_axis_off()
    ax.set_title(title or "Each kind of data needs its own embedding model", loc="left", fontsize=11)
    return fig


MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def draw_word_map(xy, words: Sequence[str], labels: Sequence[str], *, title: str | None = None,
                  ax=None, fig=None):
    """Words as points in 2-D, one colour and marker per group, each point labelled with its word.

    ``xy`` is an ``n x 2`` array computed elsewhere (``word2vec.project_words``). Returns the Axes.
    """
    if ax is None:
        if fig is None:
            fig, ax = plt.subplots(figsize=(8, 6))
        else:
            ax = fig.subplots()
    groups = list(dict.fromkeys(labels))
    for g, group in enumerate(groups):
        index = [i for i, label in enumerate(labels) if label == group]
        ax.scatter([xy[i][0] for i in index], [xy[i][1] for i in index], s=36,
                   color=PALETTE[g % len(PALETTE)], marker=MARKERS[g % len(MARKERS)],
                   edgecolor="#333", linewidth=0.5, label=f"{group} ({len(index)})")
    for i, word in enumerate(words):
        ax.annotate(word, (xy[i][0], xy[i][1]), xytext=(3, 3), textcoords="offset points", fontsize=8)
    ax.set_xlabel("dimension 1 of the projection")
    ax.set_ylabel("dimension 2 of the projection")
    if groups:
        ax.legend(fontsize=8, loc="best", framealpha=0.8)
    ax.set_title(title or "Words placed by their vectors", fontsize=11)
    return ax


def draw_accuracy_by_corpus_size(words: Sequence[int], accuracy: Sequence[float],
                                 attempted: Sequence[int], in_file: int, *, title: str | None = None):
    """Analogy accuracy (left) and how many questions could be tried (right) against corpus size.

    ``accuracy``: the share answered right of one fixed question set (the same at every size), so
    the points of the left panel can be compared with each other.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    thousands = [w / 1000 for w in words]
    left.plot(thousands, [100 * a for a in accuracy], marker="o", color=OKABE_ITO["blue"])
    for x, a in zip(thousands, accuracy, strict=True):
        left.annotate(f"{100 * a:.1f}%", (x, 100 * a), xytext=(0, 6), textcoords="offset points",
                      ha="center", fontsize=8)
    left.set_xlabel("training words (thousands)")
    left.set_ylabel("accuracy (%)")
    left.set_ylim(bottom=0, top=max(1.0, 130 * max(accuracy)))
    left.set_title("Right answers, same questions at every size", fontsize=10)
    right.plot(thousands, attempted, marker="s", color=OKABE_ITO["vermillion"])
    right.axhline(in_file, color="#777", linestyle="--", linewidth=1)
    right.text(thousands[0], in_file, f"all {in_file} questions", va="bottom", fontsize=8, color="#555")
    right.set_xlabel("training words (thousands)")
    right.set_ylabel("questions tried (all 4 words known)")
    right.set_ylim(0, in_file * 1.12)
    right.set_title("Questions the vocabulary can even try", fontsize=10)
    fig.suptitle(title or "More text, better vectors", fontsize=11, x=0.01, ha="left")
    fig.tight_layout()
    return fig


# --- 05/09 byte pair encoding ---


def draw_tokens_per_word(tokens_per_word: Sequence[float], *, marks: Iterable[int] = (),
                         title: str | None = None, ax=None):
    """Tokens per word of a text after 0, 1, 2, ... merges (``tokens_per_word[k]`` after k merges).

    ``marks``: merge counts to label on the curve. Returns the Axes.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    xs = range(len(tokens_per_word))
    ax.plot(xs, tokens_per_word, color=OKABE_ITO["blue"], linewidth=2)
    for k in marks:
        ax.plot([k], [tokens_per_word[k]], "o", color=OKABE_ITO["vermillion"])
        ax.annotate(f"{k} merges: {tokens_per_word[k]:.2f}", (k, tokens_per_word[k]),
                    textcoords="offset points", xytext=(8, 8), fontsize=9)
    ax.axhline(1.0, color=OKABE_ITO["grey"], linestyle="--", linewidth=1)
    ax.set_xlabel("number of merges learned")
    ax.set_ylabel("tokens per word")
    ax.set_ylim(0, max(tokens_per_word) * 1.18)  # room for the labels above the first point
    ax.grid(alpha=0.3)
    ax.set_title(title or "Each merge makes the text shorter in tokens")
    return ax


def bpe_step_html(summary: dict | None, pieces: Sequence[str], total_tokens: int, words: int) -> str:
    """One step of BPE training as HTML: the merge just learned, then the text in its pieces.

    ``summary`` is ``bpe.merge_summary(...)`` (None before the first merge).
    """
    if summary is None:
        head = "<b>Before any merge</b>: every byte is its own token."
    else:
        head = (
            f"<b>Merge {summary['step']}</b>: "
            f"<code>{html.escape(_visible(summary['left']))}</code> + "
            f"<code>{html.escape(_visible(summary['right']))}</code> &rarr; "
            f"<code style='background:#F5D48A'>{html.escape(_visible(summary['new']))}</code> "
            f"(new id {summary['id']}, this pair was seen {summary['count']} times)"
        )
    new = None if summary is None or "\ufffd" in summary["new"] else summary["new"]
    found = sum(p == new for p in pieces)
    stats = (f"<div class='t2t-bpe-stats'>This passage: {len(pieces)} tokens"
             + (f", {found} of them the new token (thick border)" if new is not None else "")
             + f"; whole text: {total_tokens} tokens for {words} words "
             f"({total_tokens / words:.2f} tokens per word)</div>")
    chips = []
    for i, piece in enumerate(pieces):
        border = "3px solid #D55E00;font-weight:bold" if piece == new else "1px solid #555"
        extra = " t2t-new-token" if piece == new else ""
        chips.append(
            f"<span class='t2t-token{extra}' data-index='{i}' style='background:{TINTS[i % len(TINTS)]};"
            f"border:{border};display:inline-block;margin:2px;padding:1px 4px;border-radius:4px;"
            f"font-family:monospace;color:#000'>{html.escape(_visible(piece))}</span>"
        )
    body = "<div class='t2t-tokens' style='line-height:2.2'>" + "".join(chips) + "</div>"
    return f"<div class='t2t-bpe-step'>{head}</div>{stats}{body}"
