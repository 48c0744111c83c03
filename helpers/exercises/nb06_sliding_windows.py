"""Checks for notebook 06, sliding-window sampling."""

from __future__ import annotations

import functools
import itertools

from .feedback import Feedback, check, right, wrong

SAMPLE_SETTINGS = [(4, 1), (4, 4), (8, 4), (4, 6), (256, 128)]


@functools.cache
def verdict_tokens() -> int:
    """The-verdict's length in GPT-2 tokens, counted as the notebook counts it."""
    import tiktoken

    from ..corpora import load_verdict

    return len(tiktoken.get_encoding("gpt2").encode(load_verdict()))


@check
def check_sample_counts(answer) -> Feedback:
    """Notebook 06, exercise 1: samples the-verdict gives for each (max_length, stride) setting.

    ``answer`` maps each pair in ``SAMPLE_SETTINGS`` to a number of samples.
    """
    from ..windows import num_samples

    if not isinstance(answer, dict):
        return wrong("the answer should be a dict {(max_length, stride): samples}, got "
                     f"{type(answer).__name__}.",
                     "Start from {(4, 1): ..., (4, 4): ..., (8, 4): ..., (4, 6): ..., (256, 128): ...}.")
    missing = [s for s in SAMPLE_SETTINGS if s not in answer]
    if missing:
        return wrong(f"no count for {missing[0]}.", f"Give a count for each of {SAMPLE_SETTINGS}.")
    n = verdict_tokens()
    for (max_length, stride) in SAMPLE_SETTINGS:
        expected = num_samples(n, max_length, stride)
        got = answer[(max_length, stride)]
        if got != expected:
            hint = (f"Count the starts in range(0, {n} - max_length, stride): "
                    f"({n} - max_length - 1) // stride + 1.")
            if got == (n - max_length) // stride + 1 or got == n // stride:
                hint = ("Close: the last window also needs one more token for its last target, so a start "
                        f"must be below {n} - max_length. " + hint)
            return wrong(f"max_length={max_length}, stride={stride} gives {expected} samples, not {got!r}.",
                         hint)
    return right("all five counts match GPTDatasetV1 on the-verdict.")


@check
def check_count_samples(answer) -> Feedback:
    """Notebook 06, exercise 2: a function ``count_samples(n_tokens, max_length, stride)`` that gives
    the number of windows without building them (0 when the text is too short)."""
    from ..windows import num_samples

    if not callable(answer):
        return wrong(f"the answer should be a function, got {type(answer).__name__}.",
                     "Write `def count_samples(n_tokens, max_length, stride): ...` and pass count_samples.")
    settings = list(itertools.product((0, 3, 4, 5, 6, 9, 10, 11, 100, verdict_tokens()), (1, 4, 5, 10),
                                      (1, 2, 3, 4, 6, 10)))
    for n, max_length, stride in settings:
        expected = num_samples(n, max_length, stride)
        try:
            got = answer(n, max_length, stride)
        except Exception as err:  # a learner's function may fail in any way
            return wrong(f"count_samples({n}, {max_length}, {stride}) raised "
                         f"{type(err).__name__}: {err}.",
                         "Return 0 when there are not enough tokens instead of failing.")
        if got != expected:
            hint = ("Check short texts: with n_tokens <= max_length there is no window at all."
                    if n <= max_length else
                    "The starts are range(0, n_tokens - max_length, stride); count them.")
            return wrong(f"count_samples({n}, {max_length}, {stride}) returned {got!r}, "
                         f"but there are {expected} windows.", hint)
    return right(f"it agrees with the notes' loop on {len(settings)} settings, short texts included.")
