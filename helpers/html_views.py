"""Every HTML view of the explorers (``helpers.widgets``), drawn from data computed elsewhere.

A function here builds an HTML string; it computes nothing it shows. The look (tints, glyphs) is
``helpers.style``, shared with the figures. The CSS classes (``t2t-...``) are stable: the tests and the
browser suite read the views through them, and each function's docstring lists its own.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from .i18n import gettext as _
from .i18n import gettext_noop as N_
from .i18n import ngettext
from .style import (
    BORDER_COLOR,
    INPUT_TINT,
    NEVER_GLYPH,
    TARGET_TINT,
    UNKNOWN_COLOR,
    UNKNOWN_GLYPH,
    WARNING_COLOR,
    tint,
    token_tints,
    visible,
)

ERROR_TEXT_COLOR = "#A33"

# --- token chips ---

# mark -> (extra CSS class, background or None for the piece's tint, border, text after the piece)
CHIP_MARKS = {
    "unknown": ("t2t-unknown", UNKNOWN_COLOR, f"2px dashed {WARNING_COLOR}", f"&nbsp;{UNKNOWN_GLYPH}"),
    "new": ("t2t-new-token", None, f"3px solid {WARNING_COLOR};font-weight:bold", ""),
}


def tokens_html(pieces: Sequence[str], ids: Sequence[int] | None = None, *,
                marks: Mapping[int, str] | None = None, show_space: bool = True) -> str:
    """Token pieces as coloured chips (class ``t2t-token``, ``data-index``), their ids below in a
    ``<small>``, all inside ``t2t-tokens``.

    ``marks`` maps a position to a mark of ``CHIP_MARKS``: ``"unknown"`` (white, dashed border, "?",
    class ``t2t-unknown``) or ``"new"`` (thick border, bold, class ``t2t-new-token``).
    """
    marks = marks or {}
    unknown_marks = set(marks.values()) - set(CHIP_MARKS)
    if unknown_marks:
        raise ValueError(f"unknown chip mark(s) {sorted(unknown_marks)}; use one of {sorted(CHIP_MARKS)}.")
    chips = []
    tints = token_tints(pieces)  # colour means identity: the same token, the same colour
    for i, piece in enumerate(pieces):
        shown = html.escape(visible(piece) if show_space else piece)
        css, background, border, after = "t2t-token", tints[i], f"1px solid {BORDER_COLOR}", ""
        if i in marks:
            extra, marked_background, border, after = CHIP_MARKS[marks[i]]
            css += f" {extra}"
            background = marked_background or background
        label = "" if ids is None else f"<br><small style='color:#333'>{ids[i]}</small>"
        chips.append(
            f"<span class='{css}' data-index='{i}' style='background:{background};border:{border};"
            f"display:inline-block;margin:2px;padding:1px 4px;border-radius:4px;font-family:monospace;"
            f"text-align:center;color:#000'>{shown}{after}{label}</span>"
        )
    return "<div class='t2t-tokens' style='line-height:2.2'>" + "".join(chips) + "</div>"


def error_html(err: Exception | str) -> str:
    """An error as the explorers show it (class ``t2t-error``): ``Type: message``, or the text given."""
    text = err if isinstance(err, str) else f"{type(err).__name__}: {err}"
    return (f"<div class='t2t-error' style='color:{ERROR_TEXT_COLOR};font-family:monospace;margin:4px 0'>"
            f"{html.escape(text)}</div>")


# --- 02-05 tokenizer playground ---


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
        label = html.escape(row.label) if row.error else _("{label} ({count} tokens)").format(
            label=html.escape(row.label), count=len(row.pieces))
        parts.append(f"<div class='t2t-row-label' style='font-weight:bold'>{label}</div>")
        if row.error:
            parts.append(f"<div class='t2t-error' style='border-left:4px solid {WARNING_COLOR};"
                         "padding:4px 8px;background:#FFF5EE;font-family:monospace;white-space:pre-wrap'>"
                         f"{html.escape(row.error)}</div>")
        else:
            parts.append(tokens_html(row.pieces, row.ids, marks=dict.fromkeys(row.unknown, "unknown")))
            if row.unknown:
                words = ", ".join(html.escape(repr(row.pieces[i])) for i in row.unknown)
                note = _("dashed, marked {glyph}: not in the vocabulary, encoded as {unk} ({words})").format(
                    glyph=UNKNOWN_GLYPH, unk="&lt;|unk|&gt;", words=words)
                parts.append(f"<div class='t2t-note' style='font-size:90%;color:#333'>{note}</div>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# --- 07/08 embedding lookup and positions explorers ---


def embedding_lookup_html(weight, ids: Sequence[int], output_text: str = "") -> str:
    """The weight table (class ``t2t-embedding``, a ``t2t-row`` per id) with the rows of ``ids``
    highlighted (tint, bold border, "<- output row k", ``data-picked='1'``), then the output tensor as
    text (``t2t-output``). For the lookup explorer."""
    rows_of_weight = weight.detach().tolist() if hasattr(weight, "detach") else [list(r) for r in weight]
    ids = [int(i) for i in ids]
    picked: dict[int, list[int]] = {}
    for k, r in enumerate(ids):
        picked.setdefault(r, []).append(k)
    dim = len(rows_of_weight[0]) if rows_of_weight else 0
    dim_label, id_label = _("dim {c}"), _("id {r}")
    head = "".join(f"<th style='padding:2px 6px'>{dim_label.format(c=c)}</th>" for c in range(dim))
    rows = []
    for r, values in enumerate(rows_of_weight):
        cells = "".join(f"<td style='padding:2px 6px;text-align:right'>{v:.4f}</td>" for v in values)
        if r in picked:
            style = f"background:{tint(ids.index(r))};outline:2px solid #222;font-weight:bold"
            note = "&larr; " + ngettext("output row {rows}", "output rows {rows}", len(picked[r])).format(
                rows=", ".join(map(str, picked[r])))
            attr = " data-picked='1'"
        else:
            style, note, attr = "color:#555", "", ""
        rows.append(f"<tr class='t2t-row' data-id='{r}'{attr} style='{style}'><th style='padding:2px 6px'>"
                    f"{id_label.format(r=r)}</th>{cells}<td style='padding:2px 6px'>{note}</td></tr>")
    table = (f"<table class='t2t-embedding' style='border-collapse:collapse;font-family:monospace'>"
             f"<tr><th></th>{head}<th></th></tr>{''.join(rows)}</table>")
    out = (f"<pre class='t2t-output' style='margin-top:6px'>{html.escape(output_text)}</pre>"
           if output_text else "")
    return table + out


# the kinds of position encoding as the summary names them (translated where shown)
KIND_NAMES = {"learned": N_("learned"), "sinusoidal": N_("sinusoidal"), "rotary": N_("rotary")}


def positions_summary_html(kind: str, context_length: int, dim: int, measure: str, curves) -> str:
    """The positions explorer's one-line verdict for a ``CausalCurves`` (queries at three positions,
    keys up to ``span`` steps before each): the ``div`` carries ``data-only-distance`` (1 or 0) and
    ``data-kind``."""
    only = curves.only_distance()
    verdict = (_("depends <b>only on the distance</b> d = m - n") if only
               else _("depends on <b>where</b> the query stands, not only on the distance"))
    queries = ", ".join(str(m) for m in curves.curves)
    sentence = _("{kind}, context length {context_length}, dimension {dim}: with the query at positions "
                 "{queries} and keys up to {span} steps back, the {measure} {verdict} (largest gap between "
                 "the curves: {max_gap:.4f}).").format(
        kind=html.escape(_(KIND_NAMES.get(kind, kind))),
        context_length=context_length, dim=dim, queries=queries,
        span=curves.distance[-1], measure=html.escape(measure), verdict=verdict, max_gap=curves.max_gap)
    return f"<div data-only-distance='{int(only)}' data-kind='{html.escape(kind)}'>{sentence}</div>"


# --- 01 word picker ---


def word_picker_status_html(words: Sequence[str], labels: Sequence[str], method: str,
                            unknown: Sequence[str] = (), error: Exception | None = None) -> str:
    """The word picker's status line: how many words were placed (or the error, class ``t2t-error``),
    and the typed words the model does not know (class ``t2t-unknown``)."""
    note = ""
    if unknown:
        missing = ", ".join(html.escape(repr(w)) for w in unknown)
        note = (f"<br><span class='t2t-unknown' style='color:{ERROR_TEXT_COLOR}'>"
                + _("Not in the vocabulary: {missing}").format(missing=missing) + "</span>")
    if error is not None:
        chosen = _("{count} word(s) chosen.").format(count=len(words))
        return (f"<div>{chosen} <span class='t2t-error' style='color:{ERROR_TEXT_COLOR}'>"
                f"{html.escape(str(error))}</span>{note}</div>")
    placed = _("{count} words from {groups} group(s), placed with {method}.").format(
        count=len(words), groups=len(set(labels)), method=html.escape(method))
    return f"<div>{placed}{note}</div>"


# --- 06 sliding windows ---


def int_tensor_text(rows) -> str:
    """A 2-D integer tensor laid out as ``print`` shows it (one row per line, numbers aligned), but
    without torch's slow general formatter (the explorer redraws this on every change)."""
    rows = rows.tolist()
    width = max((len(str(v)) for row in rows for v in row), default=1)
    lines = ["[" + ", ".join(f"{v:>{width}}" for v in row) + "]" for row in rows]
    return "tensor([" + ",\n        ".join(lines) + "])"


def _cell(piece: str) -> str:
    return html.escape(visible(piece))


def sliding_windows_html(view) -> str:
    """The sliding-window explorer's page, from a ``sampling.WindowView``.

    Stable CSS classes for tests and browsers: ``t2t-count-<name>`` (samples, batches, tokens,
    covered, never-targets, overlap, gap, lost) each holding just the number; ``t2t-lesson`` per
    lesson; ``t2t-window-table`` with cells ``t2t-in`` (input), ``t2t-tgt`` (target) and
    ``t2t-never`` (a token no window uses as a target); ``t2t-batch-inputs`` / ``t2t-batch-targets``.
    """
    s = view.stats
    counts = [
        ("samples", _("samples (windows)"), s.samples),
        ("batches", _("batches"), s.batches),
        ("tokens", _("tokens in the text"), s.n_tokens),
        ("covered", _("tokens covered by some window"), s.tokens_covered),
        ("never-targets", _("tokens never used as a target"), s.never_targets),
        ("overlap", _("overlap of neighbouring windows (tokens)"), s.overlap),
        ("gap", _("gap between neighbouring windows (tokens)"), s.gap),
        ("lost", _("samples lost to drop_last"), s.lost_to_drop_last),
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
        for kind, lo, hi, shade, cls in ((_("window {number} input"), w.start, w.input_stop, INPUT_TINT,
                                          "t2t-in"),
                                         (_("window {number} target"), w.target_start, w.target_stop,
                                          TARGET_TINT, "t2t-tgt")):
            cells = "".join(
                f"<td class='{cls}' style='background:{shade};border:1px solid {BORDER_COLOR}'>"
                f"{_cell(view.pieces[p])}</td>"
                if lo <= p < hi else f"<td style='color:#999'>{_cell(view.pieces[p])}</td>"
                for p in range(n)
            )
            body.append(f"<tr class='t2t-window t2t-window-{w.index}'><th style='text-align:left;"
                        f"white-space:nowrap'>{kind.format(number=w.index + 1)}</th>{cells}</tr>")
    never_a_target = _("never a target")
    never = "".join(
        f"<td class='t2t-never' style='color:{WARNING_COLOR};font-weight:bold' title='{never_a_target}'>"
        f"{NEVER_GLYPH}</td>" if not used else "<td></td>" for used in view.is_target
    )
    body.append(f"<tr><th style='text-align:left;white-space:nowrap'>{never_a_target}</th>{never}</tr>")
    position = _("position")
    table = (
        "<div style='overflow-x:auto'><table class='t2t-window-table' style='border-collapse:separate;"
        "border-spacing:2px;font-family:monospace;font-size:12px'>"
        f"<tr><th style='text-align:left'>{position}</th>{head}</tr>{''.join(body)}</table></div>"
    )
    if view.inputs is None:
        none = _("No batch to show: the loader yields zero batches.")
        batch = f"<p class='t2t-batch-none'>{none}</p>"
    else:
        order = _("shuffled with seed {seed}").format(seed=view.seed) if view.shuffle else _("in order")
        title = _("Batch {index} of {batches} ({order}): samples {samples}").format(
            index=view.batch_index, batches=s.batches, order=order,
            samples=f"<span class='t2t-batch-samples'>{view.batch_samples}</span>")
        inputs, targets = _("inputs:"), _("targets:")
        batch = (
            f"<p class='t2t-batch-title'>{title}</p>"
            f"<pre class='t2t-batch-inputs' style='margin:2px 0'>{inputs}\n"
            f"{html.escape(int_tensor_text(view.inputs))}</pre>"
            f"<pre class='t2t-batch-targets' style='margin:2px 0'>{targets}\n"
            f"{html.escape(int_tensor_text(view.targets))}</pre>"
        )
    key = f"border:1px solid {BORDER_COLOR};padding:0 4px"
    input_label, target_label = _("input"), _("target (input shifted by one)")
    legend = (f"<span style='background:{INPUT_TINT};{key}'>{input_label}</span> "
              f"<span style='background:{TARGET_TINT};{key}'>{target_label}</span> "
              f"<span style='color:{WARNING_COLOR};font-weight:bold'>{NEVER_GLYPH}</span> {never_a_target}")
    first = _("The first {windows} window(s) over the first {tokens} tokens.").format(
        windows=len(view.windows), tokens=n)
    return (
        "<div class='t2t-sliding-windows'>"
        f"<table class='t2t-counts'>{rows}</table><ul class='t2t-lessons'>{lessons}</ul>"
        f"<p style='margin:4px 0'>{first} {legend}</p>"
        f"{table}{batch}</div>"
    )


# --- the classroom apps' index ---


def app_index_html(apps, editions=()) -> str:
    """The index of the apps (``apps.AppLink``s): one link per app (``t2t-app-link``), each titled by
    the app's heading (backticks shown as code), then links to the other editions
    (``t2t-edition-link``), all inside ``t2t-app-index``."""
    def title(text: str) -> str:
        parts = html.escape(text).split("`")
        return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))

    items = "".join(f"<li><a class='t2t-app-link' href='{html.escape(a.href)}'>{title(a.title)}</a></li>"
                    for a in apps)
    other = "".join(f"<li><a class='t2t-edition-link' href='{html.escape(e.href)}'>{title(e.title)}</a></li>"
                    for e in editions)
    return (f"<div class='t2t-app-index'><ul class='t2t-app-list' style='line-height:1.8'>{items}</ul>"
            + (f"<ul class='t2t-edition-list'>{other}</ul>" if other else "") + "</div>")


# --- 09 BPE step by step ---


def bpe_step_html(summary: dict | None, pieces: Sequence[str], total_tokens: int, words: int) -> str:
    """One step of BPE training as HTML: the merge just learned (``t2t-bpe-step``), the counts
    (``t2t-bpe-stats``), then the passage in its pieces, the new token's chips marked ``"new"``.

    ``summary`` is ``bpe.merge_summary(...)`` (None before the first merge).
    """
    if summary is None:
        head = _("<b>Before any merge</b>: every byte is its own token.")
    else:
        head = _("<b>Merge {step}</b>: {left} + {right} &rarr; {new} (new id {id}, this pair was seen "
                 "{count} times)").format(
            step=summary["step"], left=f"<code>{_cell(summary['left'])}</code>",
            right=f"<code>{_cell(summary['right'])}</code>",
            new=f"<code style='background:{tint(0)}'>{_cell(summary['new'])}</code>",
            id=summary["id"], count=summary["count"])
    new = None if summary is None or "\ufffd" in summary["new"] else summary["new"]
    found = sum(p == new for p in pieces)
    passage = _("This passage: {count} tokens").format(count=len(pieces))
    if new is not None:
        passage += _(", {found} of them the new token (thick border)").format(found=found)
    whole = _("; whole text: {total} tokens for {words} words ({per_word:.2f} tokens per word)").format(
        total=total_tokens, words=words, per_word=total_tokens / words)
    stats = f"<div class='t2t-bpe-stats'>{passage}{whole}</div>"
    marks = {i: "new" for i, piece in enumerate(pieces) if piece == new}
    return f"<div class='t2t-bpe-step'>{head}</div>{stats}{tokens_html(pieces, marks=marks)}"
