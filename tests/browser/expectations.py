"""What the sliding-window explorer must show, computed here independently of its own code.

The sample count comes from ``helpers.sampling.num_samples`` and is cross-checked against the
formula ``(N - max_length - 1) // stride + 1`` (0 when ``N <= max_length``) and against the notes'
own loop ``range(0, N - max_length, stride)``; the coloured windows and the "never a target" marks
are derived from plain ranges.
"""

from __future__ import annotations

import functools

import tiktoken

from helpers.corpora import load_verdict
from helpers.windows import num_samples


@functools.cache
def verdict_token_count() -> int:
    """N: GPT-2 tokens in the-verdict (the explorer's default text)."""
    return len(tiktoken.get_encoding("gpt2").encode(load_verdict()))


def expected_samples(n_tokens: int, max_length: int, stride: int) -> int:
    """The sample count from helpers, after checking it against the formula and the notes' loop."""
    formula = (n_tokens - max_length - 1) // stride + 1 if n_tokens > max_length else 0
    notes_loop = len(range(0, n_tokens - max_length, stride))
    from_helpers = num_samples(n_tokens, max_length, stride)
    assert from_helpers == formula == notes_loop, (from_helpers, formula, notes_loop)
    return from_helpers


def expected_view(n_tokens: int, max_length: int, stride: int, *, positions: int, windows: int) -> dict:
    """The explorer's view (see ``lab_pages.window_view``) for this setting, over the first
    ``positions`` tokens with its first ``windows`` windows drawn (lessons left out)."""
    n = expected_samples(n_tokens, max_length, stride)
    starts = [k * stride for k in range(n)]
    targets = set()  # every position some window asks the model to predict
    for s in starts:
        targets.update(range(s + 1, s + max_length + 1))
    shown = range(positions)
    return {
        "samples": n,
        "tokens": n_tokens,
        "gap": max(0, stride - max_length),
        "overlap": max(0, max_length - stride),
        "never_targets": n_tokens - len(targets),
        "positions": positions,
        "windows": [
            {"inputs": [p for p in shown if s <= p < s + max_length],
             "targets": [p for p in shown if s + 1 <= p < s + max_length + 1]}
            for s in starts[:windows]
        ],
        "never": [p for p in shown if p not in targets],
    }


def without_lessons(view: dict) -> dict:
    return {k: v for k, v in view.items() if k != "lessons"}
