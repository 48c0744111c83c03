"""Figures of text cut into tokens (notebooks 02-05, 09): pieces, vocabulary, encode and decode,
documents joined by a separator, and how BPE's merges shorten a text.

Every function takes ``ax=`` and returns the Figure (see ``helpers.plots.canvas``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import matplotlib.patches
import matplotlib.path
import matplotlib.patheffects

from ..style import (
    BORDER_COLOR,
    OKABE_ITO,
    UNKNOWN_COLOR,
    UNKNOWN_GLYPH,
    WARNING_COLOR,
    tint,
    token_tints,
    visible,
)
from .canvas import one_axes, panels


def _box_width(text: str) -> float:
    return max(0.6, 0.13 * len(text) + 0.3)


def draw_token_pieces(
    pieces: Sequence[str],
    ids: Sequence[int] | None = None,
    *,
    unknown: Iterable[int] = (),
    unknown_as: str | None = None,
    title: str | None = None,
    per_line: int = 12,
    ax=None,
):
    """Draw text cut into tokens: one coloured box per piece, its id underneath.

    Colour means identity: the same token has the same tint everywhere in the figure (see
    ``style.token_tints``); the text in the box is the second cue. Pieces flow left to right and wrap after
    ``per_line`` boxes. Unknown pieces (positions in ``unknown``) are white with a dashed red border.
    By default they show the piece and a "?"; with ``unknown_as="<|unk|>"`` the box shows what the
    tokenizer really stores, and the lost word is written struck through below the box.
    """
    unknown = set(unknown)
    lost_row = bool(unknown) and unknown_as is not None
    row_h = 1.3 if lost_row else 1.0
    rows = max(1, -(-len(pieces) // per_line))
    fig, ax, _ = one_axes(ax, (11, 0.9 * row_h * rows + (0.4 if title else 0.1)))
    shown = [unknown_as if (i in unknown and unknown_as is not None) else p for i, p in enumerate(pieces)]
    tints = token_tints(shown)
    x, y = 0.0, 0.0
    for i, piece in enumerate(shown):
        if i and i % per_line == 0:
            x, y = 0.0, y - row_h
        text = visible(piece)
        is_unknown = i in unknown
        width = _box_width(text if not (is_unknown and lost_row) else max(text, visible(pieces[i]), key=len))
        box = matplotlib.patches.FancyBboxPatch(
            (x, y - 0.35), width, 0.55,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=UNKNOWN_COLOR if is_unknown else tints[i],
            edgecolor=WARNING_COLOR if is_unknown else BORDER_COLOR,
            linestyle="--" if is_unknown else "-",
            linewidth=1.6 if is_unknown else 0.8,
        )
        ax.add_patch(box)
        label = text + (f" {UNKNOWN_GLYPH}" if is_unknown and unknown_as is None else "")
        ax.text(x + width / 2, y - 0.07, label, ha="center", va="center", family="monospace", fontsize=10)
        if ids is not None:
            ax.text(x + width / 2, y - 0.55, str(ids[i]), ha="center", va="center",
                    fontsize=9, color="#333333")
        if is_unknown and lost_row:
            lost = ax.text(x + width / 2, y - 0.85, visible(pieces[i]), ha="center", va="center",
                           family="monospace", fontsize=9.5, color=WARNING_COLOR)
            lost.set_path_effects([_StrikeThrough()])
        x += width + 0.12
    widths = [_box_width(visible(p)) if not (i in unknown and lost_row)
              else _box_width(max(visible(p), visible(pieces[i]), key=len)) for i, p in enumerate(shown)]
    ax.set_xlim(-0.1, max(x, 1.0) if rows == 1 else _widest_line(widths, per_line))
    ax.set_ylim(y - (1.05 if lost_row else 0.8), 0.4)
    ax.set_axis_off()
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return fig


class _StrikeThrough(matplotlib.patheffects.AbstractPathEffect):
    """Draw the text, then a line through its middle (matplotlib text has no strike-through)."""

    def draw_path(self, renderer, gc, tpath, affine, rgbFace=None):  # noqa: N803 - matplotlib's name
        renderer.draw_path(gc, tpath, affine, rgbFace)
        extents = tpath.get_extents()
        if extents.width <= 0:
            return
        mid = (extents.y0 + extents.y1) / 2 if extents.height > 0 else extents.y0
        line = matplotlib.path.Path([(extents.x0 - 1, mid), (extents.x1 + 1, mid)])
        gc2 = renderer.new_gc()
        gc2.copy_properties(gc)
        gc2.set_linewidth(1.3)
        gc2.set_foreground(gc.get_rgb())
        renderer.draw_path(gc2, line, affine)
        gc2.restore()


def _widest_line(widths: Sequence[float], per_line: int) -> float:
    return max(sum(w + 0.12 for w in widths[s:s + per_line]) for s in range(0, len(widths), per_line))


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

    ``token_counts`` are the documents' token counts (computed by the caller). Each box is as wide as
    its token count (the separator, one token, is one unit wide), with tick marks one token apart."""
    n = len(documents)
    fig, ax, own = one_axes(ax, (11, 2.6))
    total = sum(token_counts) + n - 1
    unit = 10.5 / total  # the width of one token
    sep_w, gap = unit, 0.0
    x = 0.0
    for i, (doc, count) in enumerate(zip(documents, token_counts, strict=True)):
        doc_w = unit * count
        ax.add_patch(matplotlib.patches.Rectangle(
            (x, 0), doc_w, 1.6, facecolor=tint(2 * i), edgecolor=BORDER_COLOR))
        for k in range(1, count):  # one tick per token boundary: the width counts tokens
            ax.plot([x + k * unit] * 2, [0, 0.12], color=BORDER_COLOR, linewidth=0.6)
        chars = max(6, int(doc_w / 0.105))
        short = textwrap.shorten(doc, max(12, 3 * chars), placeholder=" ...")
        ax.text(x + doc_w / 2, 0.9, "\n".join(textwrap.wrap(short, chars)[:3]), ha="center",
                va="center", fontsize=8.5, family="monospace")
        ax.text(x + doc_w / 2, 1.78, f"document {i + 1}: {count} tokens", ha="center", fontsize=9.5)
        x += doc_w + gap
        if i < n - 1:
            ax.add_patch(matplotlib.patches.Rectangle(
                (x, 0), sep_w, 1.6,
                facecolor="#333333", edgecolor="#000000", hatch="///"))
            label = separator if separator_id is None else f"{separator}\nid {separator_id}"
            ax.text(x + sep_w / 2, 0.8, label, ha="center", va="center", fontsize=8, rotation=90,
                    family="monospace", color="#FFFFFF", linespacing=1.0,
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
                         title: str | None = None, ax=None):
    """Tokens per word of a text after 0, 1, 2, ... merges (``tokens_per_word[k]`` after k merges).

    ``marks``: merge counts to label on the curve.
    """
    fig, ax, _ = one_axes(ax, (9, 4))
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
    return fig

