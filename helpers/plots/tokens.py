"""Figures of text cut into tokens (notebooks 02-05, 09): pieces, vocabulary, encode and decode,
documents joined by a separator, and how BPE's merges shorten a text.

Every function takes ``ax=`` and returns the Figure (see ``helpers.plots.canvas``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import matplotlib.patches

from ..style import BORDER_COLOR, OKABE_ITO, UNKNOWN_COLOR, UNKNOWN_GLYPH, WARNING_COLOR, tint, visible
from .canvas import one_axes, panels


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
    """
    unknown = set(unknown)
    rows = max(1, -(-len(pieces) // per_line))
    fig, ax, _ = one_axes(ax, (11, 0.9 * rows + (0.4 if title else 0.1)))
    x, y = 0.0, 0.0
    for i, piece in enumerate(pieces):
        if i and i % per_line == 0:
            x, y = 0.0, y - 1.0
        text = visible(piece)
        width = max(0.6, 0.13 * len(text) + 0.3)
        is_unknown = i in unknown
        box = matplotlib.patches.FancyBboxPatch(
            (x, y - 0.35), width, 0.55,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=UNKNOWN_COLOR if is_unknown else tint(i),
            edgecolor=WARNING_COLOR if is_unknown else BORDER_COLOR,
            linestyle="--" if is_unknown else "-",
            linewidth=1.6 if is_unknown else 0.8,
        )
        ax.add_patch(box)
        ax.text(x + width / 2, y - 0.07, text + (f" {UNKNOWN_GLYPH}" if is_unknown else ""),
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
    return fig


def _line_width(pieces: Sequence[str], per_line: int) -> float:
    """The width of the widest line of boxes, in the units ``draw_token_pieces`` draws in."""
    widest = 0.0
    for start in range(0, len(pieces), per_line):
        line = pieces[start:start + per_line]
        widest = max(widest, sum(max(0.6, 0.13 * len(visible(p)) + 0.3) + 0.12 for p in line))
    return widest


# --- 02-04 tokenizers ---


def _text_box(ax, x: float, y: float, text: str, *, width: int = 90, color: str = "#F2F2F2") -> None:
    """A rounded box of wrapped text, left-aligned at (x, y) in axes coordinates."""
    ax.text(x, y, "\n".join(textwrap.wrap(text, width)) or " ", ha="left", va="center",
            family="monospace", fontsize=10, transform=ax.transAxes,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": color, "edgecolor": BORDER_COLOR})


def draw_vocabulary(pieces: Sequence[str], vocab: dict, *, title: str | None = None, ax=None):
    """From tokens to a vocabulary: the tokens in text order (top), then the distinct ones sorted,
    each with its id in ``vocab`` (bottom). Two panels."""
    words = sorted(set(pieces))
    rows_top = max(1, -(-len(pieces) // 12))
    rows_bottom = max(1, -(-len(words) // 12))
    fig, [[top], [bottom]], own = panels(
        ax, 2, 1, (11, 0.9 * (rows_top + rows_bottom) + 1.4),
        gridspec_kw={"height_ratios": [rows_top + 0.5, rows_bottom + 0.5]})
    draw_token_pieces(pieces, ax=top, title=f"1. The text cut into {len(pieces)} tokens")
    draw_token_pieces(words, [vocab[w] for w in words], ax=bottom,
                      title=f"2. Sorted, duplicates removed: {len(words)} distinct tokens, each with "
                            f"its id in the {len(vocab)}-entry vocabulary")
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=12)
    if own:
        fig.tight_layout()
    return fig


def draw_encode_decode(text: str, pieces: Sequence[str], ids: Sequence[int], decoded: str, *,
                       unknown: Iterable[int] = (), title: str | None = None, ax=None):
    """The tokenizer's two directions: text -> tokens -> ids (encode) and ids -> text (decode).

    ``pieces`` and ``ids`` are what the tokenizer computed; unknown pieces are marked as in
    ``draw_token_pieces``. Three panels: the text, its tokens, the decoded text."""
    rows = max(1, -(-len(pieces) // 12))
    fig, [[ax_in], [ax_tok], [ax_out]], own = panels(
        ax, 3, 1, (11, 0.9 * rows + 2.6),
        gridspec_kw={"height_ratios": [0.9, 0.9 * rows + 0.3, 0.9]})
    for ax, label, shown, color in ((ax_in, "input text", text, "#FFFFFF"),
                                    (ax_out, "decode(ids)", decoded, tint(2))):
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
    if own:
        fig.tight_layout()
    return fig


def draw_documents(documents: Sequence[str], token_counts: Sequence[int], *,
                   separator: str = "<|endoftext|>", separator_id: int | None = None,
                   title: str | None = None, ax=None):
    """Unrelated documents joined into one training stream, ``separator`` between each pair.

    ``token_counts`` are the documents' token counts (computed by the caller)."""
    n = len(documents)
    fig, ax, own = one_axes(ax, (11, 2.6))
    doc_w, sep_w, gap = 2.6, 1.25, 0.15
    x = 0.0
    for i, (doc, count) in enumerate(zip(documents, token_counts, strict=True)):
        ax.add_patch(matplotlib.patches.FancyBboxPatch(
            (x, 0), doc_w, 1.6, boxstyle="round,pad=0.02,rounding_size=0.1",
            facecolor=tint(2 * i), edgecolor=BORDER_COLOR))
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
                arrowprops={"arrowstyle": "->", "color": BORDER_COLOR, "lw": 1.2})
    ax.text(x / 2, -0.6, f"one token stream of {sum(token_counts) + n - 1} tokens: the model learns "
            f"that text after {separator} starts something new", ha="center", va="top", fontsize=9.5)
    ax.set_xlim(-0.1, x + 0.1)
    ax.set_ylim(-1.0, 2.1)
    ax.set_axis_off()
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    if own:
        fig.tight_layout()
    return fig


# --- 05/09 byte pair encoding ---


def draw_tokens_per_word(tokens_per_word: Sequence[float], *, marks: Iterable[int] = (),
                         title: str | None = None, floor: float | None = None,
                         references: dict[str, float] | None = None, ax=None):
    """Tokens per word of a text after 0, 1, 2, ... merges (``tokens_per_word[k]`` after k merges).

    ``marks``: merge counts to label on the curve. ``floor``: the fewest tokens per word any number
    of merges can reach (one token per pre-token), drawn as a dashed line named in the legend; without
    it, a plain dashed line at 1 is drawn, as before. ``references``: other tokenizers' tokens per word
    on the same text, ``{label: value}``, drawn as dotted lines named in the legend.
    """
    fig, ax, _ = one_axes(ax, (9, 4))
    n = len(tokens_per_word)
    xs = range(n)
    ax.plot(xs, tokens_per_word, color=OKABE_ITO["blue"], linewidth=2,
            label="BPE trained on this text" if floor is not None or references else None)
    for k in marks:
        right_half = k > 0.6 * (n - 1)
        ax.plot([k], [tokens_per_word[k]], "o", color=OKABE_ITO["vermillion"])
        ax.annotate(f"{k} merges: {tokens_per_word[k]:.2f}", (k, tokens_per_word[k]),
                    textcoords="offset points", xytext=(-8, 8) if right_half else (8, 8),
                    ha="right" if right_half else "left", fontsize=9)
    if floor is None and not references:
        ax.axhline(1.0, color=OKABE_ITO["grey"], linestyle="--", linewidth=1)
    if floor is not None:
        ax.axhline(floor, color=OKABE_ITO["grey"], linestyle="--", linewidth=1.5,
                   label=f"floor: one token per pre-token ({floor:.2f})")
    colors = (OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["orange"])
    for i, (label, value) in enumerate((references or {}).items()):
        color = colors[i % len(colors)]
        ax.axhline(value, color=color, linestyle=":", linewidth=2, label=f"{label} ({value:.2f})")
    if floor is not None or references:
        ax.legend(loc="upper right", fontsize=9)
    ax.set_xlabel("number of merges learned")
    ax.set_ylabel("tokens per word")
    ax.set_ylim(0, max(tokens_per_word) * 1.18)  # room for the labels above the first point
    ax.grid(alpha=0.3)
    ax.set_title(title or "Each merge makes the text shorter in tokens")
    return fig
