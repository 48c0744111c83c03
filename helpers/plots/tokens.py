"""Figures of text cut into tokens (notebooks 02-05, 09): pieces, vocabulary, encode and decode,
documents joined by a separator, tokens drawn to scale in bytes (05), and how BPE's merges shorten
a text.

Every function takes ``ax=`` and returns the Figure (see ``helpers.plots.canvas``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import matplotlib.patches
import matplotlib.path
import matplotlib.patheffects

from ..fonts import monospace
from ..i18n import gettext as _
from ..style import (
    BORDER_COLOR,
    OKABE_ITO,
    TINTS,
    UNKNOWN_COLOR,
    UNKNOWN_GLYPH,
    WARNING_COLOR,
    tint,
    token_tints,
    visible,
)
from .canvas import fixed_margins, one_axes


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
    fig, ax, own = one_axes(ax, (11, 0.9 * row_h * rows + (0.4 if title else 0.1)))
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
        ax.text(x + width / 2, y - 0.07, label, ha="center", va="center", family=monospace(), fontsize=10)
        if ids is not None:
            ax.text(x + width / 2, y - 0.55, str(ids[i]), ha="center", va="center",
                    fontsize=9, color="#333333")
        if is_unknown and lost_row:
            lost = ax.text(x + width / 2, y - 0.85, visible(pieces[i]), ha="center", va="center",
                           family=monospace(), fontsize=9.5, color=WARNING_COLOR)
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


def draw_vocabulary(pieces: Sequence[str], vocab: dict, *, title: str | None = None, ax=None):
    """From tokens to a vocabulary: the tokens in text order (left), each distinct token once, sorted,
    with its id in ``vocab`` (right), and a line from every token to its entry.

    Tokens that occur more than once among ``pieces`` are drawn hatched in orange on both sides (their
    lines join at one entry), so the duplicates that ``set`` removes can be seen. One panel.
    """
    words = sorted(set(pieces))
    counts = {w: list(pieces).count(w) for w in words}
    row = 0.36
    rows = max(len(pieces), len(words))
    fig, ax, own = one_axes(ax, (9.5, row * rows + 1.9))
    char = 0.095  # inches per character of 11-pt monospace
    left_x, left_w = 0.75, max(0.5, char * max(len(visible(p)) for p in pieces) + 0.3)
    right_x = left_x + left_w + 2.6
    right_w = max(0.5, char * max(len(visible(w)) for w in words) + 0.3)
    top = row * rows

    def box(x, y, w, token):
        repeated = counts[token] > 1
        ax.add_patch(matplotlib.patches.FancyBboxPatch(
            (x, y - 0.14), w, 0.28, boxstyle="round,pad=0.02,rounding_size=0.05",
            facecolor=TINTS[0] if repeated else "#F2F2F2", edgecolor=BORDER_COLOR,
            hatch="///" if repeated else None, linewidth=0.8))
        ax.text(x + w / 2, y, visible(token), ha="center", va="center", family=monospace(), fontsize=11,
                bbox={"boxstyle": "square,pad=0.2", "facecolor": TINTS[0] if repeated else "#F2F2F2",
                      "edgecolor": "none"})

    left_y = [top - row * (i + 0.5) for i in range(len(pieces))]
    right_y = {w: top - row * (j + 0.5) for j, w in enumerate(words)}
    for i, (piece, y) in enumerate(zip(pieces, left_y, strict=True)):
        repeated = counts[piece] > 1
        ax.plot([left_x + left_w + 0.05, right_x - 0.05], [y, right_y[piece]],
                color=OKABE_ITO["vermillion"] if repeated else OKABE_ITO["grey"],
                linewidth=1.6 if repeated else 0.7, zorder=0)
        box(left_x, y, left_w, piece)
        ax.text(left_x - 0.12, y, str(i), ha="right", va="center", fontsize=9, color="#555555")
    for w, y in right_y.items():
        box(right_x, y, right_w, w)
        ax.text(right_x + right_w + 0.15, y, str(vocab[w]), ha="left", va="center", fontsize=11,
                fontweight="bold")
        if counts[w] > 1:
            ax.text(right_x + right_w + 0.8, y,
                    _("×{counts} in the text, one entry").format(counts=counts[w]), ha="left",
                    va="center", fontsize=9, color="#333333")
    header = top + 0.3
    ax.text(0.0, header,
            _("1. The text cut into {n_pieces} tokens\n(position in the text, left)").format(
                n_pieces=len(pieces)),
            ha="left", va="bottom", fontsize=10)
    ax.text(right_x, header, _("2. Each distinct token once, sorted: {n_words} tokens,\nwith its id in the "
                               "{n_vocab}-entry vocabulary (bold)").format(n_words=len(words),
                                                                           n_vocab=len(vocab)),
            ha="left", va="bottom", fontsize=10)
    ax.legend(handles=[
        matplotlib.patches.Patch(facecolor=TINTS[0], edgecolor=BORDER_COLOR, hatch="///",
                                 label=_("occurs more than once here: kept once")),
        matplotlib.patches.Patch(facecolor="#F2F2F2", edgecolor=BORDER_COLOR, label=_("occurs once"))],
        loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=9, frameon=False)
    ax.set_xlim(-0.1, 9.4)
    ax.set_ylim(-0.05, header + 0.75)
    ax.set_axis_off()
    if title:
        ax.set_title(title, loc="left", fontsize=12)
    if own:
        fixed_margins(fig, left=0.1, right=0.1, bottom=0.45, top=0.35)
    return fig


def _wrap_pieces(widths: Sequence[float], line_width: float) -> list[list[int]]:
    """Indices of the pieces on each line, when pieces of ``widths`` fill lines of ``line_width``."""
    lines: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if lines[-1] and used + w > line_width:
            lines.append([])
            used = 0.0
        lines[-1].append(i)
        used += w
    return lines


def draw_encode_decode(text: str, pieces: Sequence[str], ids: Sequence[int], decoded: str, *,
                       unknown: Iterable[int] = (), title: str | None = None, ax=None):
    """The tokenizer's two directions: text -> tokens -> ids (encode) and ids -> text (decode).

    ``pieces`` and ``ids`` are what the tokenizer computed; an unknown piece (positions in
    ``unknown``) is white with a dashed red border and a "?". Colour tells a token (text) from its id
    (an integer); an arrow leads from each token to its id. One panel."""
    unknown = set(unknown)
    char, gap = 0.095, 0.1
    widths = [max(0.45, char * max(len(visible(p)), len(str(i))) + 0.25) for p, i in zip(pieces, ids,
                                                                                       strict=True)]
    x0, width = 1.35, 9.8
    lines = _wrap_pieces([w + gap for w in widths], width - x0 - 0.1)
    wrap = int((width - x0 - 0.3) / char)
    text_lines = textwrap.wrap(text, wrap) or [" "]
    out_lines = textwrap.wrap(decoded, wrap) or [" "]
    line_h = 1.0
    height = 0.3 + 0.2 * len(text_lines) + 0.75 + line_h * len(lines) + 0.35 + 0.2 * len(out_lines) + 0.45
    fig, ax, own = one_axes(ax, (width, height + (0.35 if title else 0.0)))
    arrow = {"arrowstyle": "-|>", "color": BORDER_COLOR, "lw": 1.3, "mutation_scale": 14}

    def text_box(y, label, shown, color):
        ax.text(0.0, y, label, ha="left", va="center", fontsize=10, fontweight="bold")
        ax.text(x0, y, shown, ha="left", va="center", family=monospace(), fontsize=11,
                bbox={"boxstyle": "round,pad=0.35", "facecolor": color, "edgecolor": BORDER_COLOR})

    y = height - 0.2 - 0.1 * len(text_lines)
    text_box(y, _("text"), "\n".join(text_lines), "#FFFFFF")
    y_arrow_top = y - 0.1 * len(text_lines) - 0.2
    y = y_arrow_top - 0.55
    ax.annotate("", xy=(x0 + 0.3, y + 0.22), xytext=(x0 + 0.3, y_arrow_top), arrowprops=arrow)
    ax.text(x0 + 0.45, (y + 0.22 + y_arrow_top) / 2, _("encode: split into tokens (whitespace dropped), "
                                                       "then look each token up in the vocabulary"),
            ha="left", va="center", fontsize=10)
    for n, line in enumerate(lines):
        ty, iy = y, y - 0.52
        ax.text(0.0, ty, _("tokens") if n == 0 else "", ha="left", va="center", fontsize=10)
        ax.text(0.0, iy, _("token IDs") if n == 0 else "", ha="left", va="center", fontsize=10)
        x = x0
        for i in line:
            w = widths[i]
            is_unknown = i in unknown
            ax.add_patch(matplotlib.patches.FancyBboxPatch(
                (x, ty - 0.16), w, 0.32, boxstyle="round,pad=0.02,rounding_size=0.05",
                facecolor=UNKNOWN_COLOR if is_unknown else TINTS[1],
                edgecolor=WARNING_COLOR if is_unknown else BORDER_COLOR,
                linestyle="--" if is_unknown else "-", linewidth=1.6 if is_unknown else 0.8))
            ax.text(x + w / 2, ty, visible(pieces[i]) + (f" {UNKNOWN_GLYPH}" if is_unknown else ""),
                    ha="center", va="center", family=monospace(), fontsize=11)
            ax.annotate("", xy=(x + w / 2, iy + 0.17), xytext=(x + w / 2, ty - 0.17),
                        arrowprops={**arrow, "lw": 0.9, "mutation_scale": 9})
            ax.add_patch(matplotlib.patches.FancyBboxPatch(
                (x, iy - 0.16), w, 0.32, boxstyle="round,pad=0.02,rounding_size=0.05",
                facecolor=TINTS[0], edgecolor=BORDER_COLOR, linewidth=0.8))
            ax.text(x + w / 2, iy, str(ids[i]), ha="center", va="center", fontsize=11, fontweight="bold")
            x += w + gap
        y -= line_h
    y_arrow_top = y + line_h - 0.52 - 0.2
    y = y_arrow_top - 0.45 - 0.1 * len(out_lines)
    ax.annotate("", xy=(x0 + 0.3, y + 0.1 * len(out_lines) + 0.15), xytext=(x0 + 0.3, y_arrow_top),
                arrowprops=arrow)
    ax.text(x0 + 0.45, y_arrow_top - 0.2, _("decode: each id back to its token (inverse vocabulary), then "
                                            "join the tokens"), ha="left", va="center", fontsize=10)
    text_box(y, "decode(ids)", "\n".join(out_lines), TINTS[2])
    ax.legend(handles=[
        matplotlib.patches.Patch(facecolor=TINTS[1], edgecolor=BORDER_COLOR, label=_("token (text)")),
        matplotlib.patches.Patch(facecolor=TINTS[0], edgecolor=BORDER_COLOR,
                                 label=_("token ID (bold integer)"))],
        loc="lower left", bbox_to_anchor=(x0 / width, 0.0), ncol=2, fontsize=9, frameon=False)
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    if title:
        ax.set_title(title, loc="left", fontsize=12)
    if own:
        fixed_margins(fig, left=0.1, right=0.1, bottom=0.05, top=0.4 if title else 0.05)
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
                va="center", fontsize=8.5, family=monospace())
        ax.text(x + doc_w / 2, 1.78, _("document {i}: {count} tokens").format(i=i + 1, count=count),
                ha="center", fontsize=9.5)
        x += doc_w + gap
        if i < n - 1:
            ax.add_patch(matplotlib.patches.Rectangle(
                (x, 0), sep_w, 1.6,
                facecolor="#333333", edgecolor="#000000", hatch="///"))
            label = separator if separator_id is None else f"{separator}\nid {separator_id}"
            ax.text(x + sep_w / 2, 0.8, label, ha="center", va="center", fontsize=8, rotation=90,
                    family=monospace(), color="#FFFFFF", linespacing=1.0,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "#333333", "edgecolor": "none"})
            x += sep_w + gap
    ax.annotate("", xy=(x, -0.35), xytext=(0, -0.35),
                arrowprops={"arrowstyle": "->", "color": BORDER_COLOR, "lw": 1.2})
    ax.text(x / 2, -0.6, _("one token stream of {n_tokens} tokens: the model learns that text after "
                           "{separator} starts something new").format(n_tokens=sum(token_counts) + n - 1,
                                                                      separator=separator),
            ha="center", va="top", fontsize=9.5)
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
                         references: dict[str, float] | None = None,
                         events: dict[int, str] | None = None, ax=None):
    """Tokens per word of a text after 0, 1, 2, ... merges (``tokens_per_word[k]`` after k merges).

    ``marks``: merge counts to label on the curve. ``floor``: the fewest tokens per word any number
    of merges can reach (one token per pre-token), drawn as a dashed line named in the legend; without
    it, a plain dashed line at 1 is drawn, as before. ``references``: other tokenizers' tokens per word
    on the same text, ``{label: value}``, drawn as dotted lines named in the legend. ``events``:
    merge counts to single out, ``{merge count: label}``, each drawn as a diamond on the curve with its
    label above it (for example where the curve crosses a reference line). Mark labels in the right
    half of the plot sit below their point, clear of the floor and reference lines just above the flat
    end of the curve.
    """
    fig, ax, own = one_axes(ax, (9, 4))
    n = len(tokens_per_word)
    xs = range(n)
    ax.plot(xs, tokens_per_word, color=OKABE_ITO["blue"], linewidth=2,
            label=_("BPE trained on this text") if floor is not None or references else None)
    for k in marks:
        right_half = k > 0.6 * (n - 1)
        ax.plot([k], [tokens_per_word[k]], "o", color=OKABE_ITO["vermillion"])
        ax.annotate(_("{k} merges: {tokens_per_word:.2f}").format(k=k, tokens_per_word=tokens_per_word[k]),
                    (k, tokens_per_word[k]),
                    textcoords="offset points", xytext=(-8, -10) if right_half else (8, 8),
                    ha="right" if right_half else "left", va="top" if right_half else "baseline",
                    fontsize=9)
    for k, label in (events or {}).items():
        near_end = k > 0.9 * (n - 1)  # a label centred there would run past the right edge
        ax.plot([k], [tokens_per_word[k]], "D", color=OKABE_ITO["vermillion"], markersize=7, zorder=3)
        ax.annotate(label, (k, tokens_per_word[k]), textcoords="offset points", xytext=(0, 40),
                    ha="right" if near_end else "center", fontsize=9,
                    arrowprops={"arrowstyle": "-", "color": OKABE_ITO["grey"], "linewidth": 1})
    if floor is None and not references:
        ax.axhline(1.0, color=OKABE_ITO["grey"], linestyle="--", linewidth=1)
    if floor is not None:
        ax.axhline(floor, color=OKABE_ITO["grey"], linestyle="--", linewidth=1.5,
                   label=_("floor: one token per pre-token ({floor:.2f})").format(floor=floor))
    colors = (OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["orange"])
    for i, (label, value) in enumerate((references or {}).items()):
        color = colors[i % len(colors)]
        ax.axhline(value, color=color, linestyle=":", linewidth=2, label=f"{label} ({value:.2f})")
    if floor is not None or references:
        ax.legend(loc="upper right", fontsize=9)
    ax.set_xlabel(_("number of merges learned"))
    ax.set_ylabel(_("tokens per word"))
    ax.set_ylim(0, max(tokens_per_word) * 1.18)  # room for the labels above the first point
    ax.grid(alpha=0.3)
    ax.set_title(title or _("Each merge makes the text shorter in tokens"))
    return fig



def byte_label(piece: bytes) -> tuple[str, bool]:
    """How a token's bytes are shown: ``(label, whole)``. Whole UTF-8 characters show as text (spaces and
    newlines as glyphs); a piece that cuts a character shows all its bytes in hex ("20 F0 9F"), never "�"."""
    try:
        return visible(piece.decode("utf-8")), True
    except UnicodeDecodeError:
        return " ".join(f"{b:02X}" for b in piece), False


def draw_token_bytes(
    token_bytes: Sequence[bytes],
    ids: Sequence[int] | None = None,
    *,
    bytes_per_line: int = 40,
    title: str | None = None,
    ax=None,
):
    """Tokens drawn to scale: each box is as wide as the bytes it stands for (a tick per byte).

    ``token_bytes``: each token's bytes (tiktoken's ``decode_single_token_bytes``). A token that holds
    only part of a character is hatched and shows its bytes in hex. The same token has the same tint
    everywhere in the figure (``style.token_tints``, handed out afresh in each figure). A narrow box sits in
    a slot wide enough for its id, so neighbouring ids never touch. Boxes wrap at ``bytes_per_line``
    bytes, so every line has the same scale.
    """
    pieces = [bytes(p) for p in token_bytes]
    if ids is not None and len(ids) != len(pieces):
        raise ValueError(f"{len(ids)} ids for {len(pieces)} tokens: pass one id per token, or no ids.")

    def slot(i: int) -> float:  # a box is as wide as its bytes; its slot leaves room for the id below
        digits = len(str(ids[i])) if ids is not None else 0
        return max(max(1, len(pieces[i])), 0.6 * digits + 0.6)  # the id and a margin either side

    gap = 0.25
    lines: list[list[int]] = [[]]
    used = 0.0
    for i in range(len(pieces)):
        if lines[-1] and used + slot(i) > bytes_per_line:
            lines.append([])
            used = 0.0
        lines[-1].append(i)
        used += slot(i) + gap
    fig, ax, own = one_axes(ax, (11, 1.0 * len(lines) + (0.5 if title else 0.1)))
    tints = token_tints(pieces)  # by identity, as in draw_token_pieces
    partial = False
    for row, line in enumerate(lines):
        x, y = 0.0, -1.0 * row
        for i in line:
            n = max(1, len(pieces[i]))
            left = x + (slot(i) - n) / 2
            label, whole = byte_label(pieces[i])
            partial |= not whole
            ax.add_patch(matplotlib.patches.FancyBboxPatch(
                (left, y - 0.35), n, 0.55, boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor=tints[i], edgecolor=BORDER_COLOR,
                linewidth=0.8, hatch=None if whole else "///"))
            for k in range(1, n):  # one tick per byte boundary, along the bottom edge
                ax.plot([left + k, left + k], [y - 0.35, y - 0.25], color=BORDER_COLOR, linewidth=0.7)
            ax.text(left + n / 2, y - 0.07, label, ha="center", va="center", family=monospace(),
                    fontsize=10, bbox=None if whole else {"boxstyle": "square,pad=0.1",
                                                          "facecolor": "#FFFFFF", "edgecolor": "none"})
            if ids is not None:
                ax.text(left + n / 2, y - 0.58, str(ids[i]), ha="center", va="center", fontsize=9,
                        color="#333333")
            x += slot(i) + gap
    widest = max(sum(slot(i) + gap for i in line) for line in lines)
    ax.set_xlim(-0.2, max(widest, 1.2 * bytes_per_line))  # the same scale for the same bytes_per_line
    ax.set_ylim(-1.0 * (len(lines) - 1) - 0.8, 0.35)
    ax.set_axis_off()
    if partial:
        ax.legend(handles=[matplotlib.patches.Patch(facecolor="#FFFFFF", edgecolor=BORDER_COLOR, hatch="///",
                                                    label=_("part of a character: its bytes in hex"))],
                  loc="upper right", fontsize=9, frameon=False)
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return fig
