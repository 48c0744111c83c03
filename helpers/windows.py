"""Window arithmetic: what a sliding-window setting does to a text, counted without cutting anything.

The notes cut a long list of token ids into training samples with a loop::

    for i in range(0, len(token_ids) - max_length, stride):
        input  = token_ids[i : i + max_length]
        target = token_ids[i + 1 : i + max_length + 1]

Everything here follows from that one line, as plain functions of ``n_tokens``, ``max_length`` and
``stride`` (no tensors): ``num_samples`` (``(N - max_length - 1) // stride + 1``, or 0 when
``N <= max_length``), ``window_starts``, ``num_batches``, ``window_stats`` (coverage, gaps, overlap,
samples lost to ``drop_last``), ``window_lessons`` (what a setting teaches, in words), and
``first_windows`` / ``target_mask`` for pictures of the text with its windows. ``helpers.sampling``
cuts the windows themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from .checks import positive_int
from .i18n import gettext as _


class SamplingError(ValueError):
    """A sliding-window setting or text that cannot give training samples."""


def check_window_settings(max_length, stride) -> tuple[int, int]:
    """Return ``(max_length, stride)`` as ints, or raise a clear error for impossible values."""
    max_length = positive_int(
        max_length, "max_length", error=SamplingError,
        hint="It is the number of tokens in each input window (for example 4 or 256).",
    )
    stride = positive_int(
        stride, "stride", error=SamplingError,
        hint="It is how many tokens the window moves between samples (for example 1 or max_length).",
    )
    return max_length, stride


def check_batch_size(batch_size) -> int:
    """Return ``batch_size`` as an int, or raise a clear error for an impossible value."""
    return positive_int(batch_size, "batch_size", error=SamplingError,
                        hint="It is how many samples go into one batch.")


def num_samples(n_tokens: int, max_length: int, stride: int) -> int:
    """How many windows the notes' loop ``range(0, n_tokens - max_length, stride)`` makes.

    That is ``(n_tokens - max_length - 1) // stride + 1``, and 0 when ``n_tokens <= max_length``
    (every window needs ``max_length + 1`` tokens: the input and one more for the last target).
    """
    max_length, stride = check_window_settings(max_length, stride)
    if n_tokens <= max_length:
        return 0
    return (n_tokens - max_length - 1) // stride + 1


def window_starts(n_tokens: int, max_length: int, stride: int) -> range:
    """Where each window starts: exactly the notes' ``range(0, n_tokens - max_length, stride)``."""
    max_length, stride = check_window_settings(max_length, stride)
    return range(0, max(0, n_tokens - max_length), stride)


def num_batches(n_samples: int, batch_size: int, drop_last: bool) -> int:
    """How many batches a loader makes from ``n_samples`` samples."""
    batch_size = check_batch_size(batch_size)
    return n_samples // batch_size if drop_last else -(-n_samples // batch_size)


@dataclass(frozen=True)
class WindowStats:
    """What a sliding-window setting does to a text of ``n_tokens`` tokens.

    * ``samples``: windows (input/target pairs); ``batches``: batches the loader yields.
    * ``tokens_covered``: tokens that appear in at least one window (as input or target).
    * ``targets_covered``: tokens that the model is asked to predict at least once;
      ``never_targets = n_tokens - targets_covered`` (the first token is never a target: nothing
      comes before it; a stride larger than ``max_length`` skips ``gap`` tokens after every window;
      and the tail after the last window is never reached).
    * ``overlap``: input tokens shared by two neighbouring windows (``max_length - stride`` if positive).
    * ``gap``: tokens between two neighbouring windows that are never a target
      (``stride - max_length`` if positive).
    * ``tail``: tokens after the last target of the last window.
    * ``lost_to_drop_last``: samples in the incomplete last batch that ``drop_last=True`` throws away.
    """

    n_tokens: int
    max_length: int
    stride: int
    batch_size: int
    drop_last: bool
    samples: int
    batches: int
    tokens_covered: int
    targets_covered: int
    never_targets: int
    overlap: int
    gap: int
    tail: int
    lost_to_drop_last: int


def window_stats(n_tokens: int, max_length: int, stride: int, batch_size: int = 1,
                 drop_last: bool = False) -> WindowStats:
    """Count samples, batches, coverage, overlap and gaps for one setting (no tokens needed)."""
    max_length, stride = check_window_settings(max_length, stride)
    n = num_samples(n_tokens, max_length, stride)
    batches = num_batches(n, batch_size, drop_last)
    if n:
        covered = (n - 1) * min(stride, max_length + 1) + max_length + 1
        targets = (n - 1) * min(stride, max_length) + max_length
        tail = n_tokens - ((n - 1) * stride + max_length + 1)
    else:
        covered = targets = 0
        tail = n_tokens
    return WindowStats(
        n_tokens=n_tokens, max_length=max_length, stride=stride, batch_size=batch_size,
        drop_last=bool(drop_last), samples=n, batches=batches, tokens_covered=covered,
        targets_covered=targets, never_targets=n_tokens - targets,
        overlap=max(0, max_length - stride), gap=max(0, stride - max_length), tail=tail,
        lost_to_drop_last=n - batches * batch_size if drop_last else 0,
    )


def window_lessons(stats: WindowStats) -> list[str]:
    """What a setting teaches, in plain words (the explorer shows these under its counts)."""
    s = stats
    if s.samples == 0:
        return [
            _("Text too short: it has {n_tokens} tokens, but one window needs max_length + 1 = "
              "{needed} (the input plus one more token for the last target). Use a longer text or a "
              "smaller max_length.").format(n_tokens=s.n_tokens, needed=s.max_length + 1)
        ]
    lessons = []
    if s.stride == 1:
        lessons.append(
            _("Stride 1: every window starts one token after the previous one, so neighbours share "
              "{overlap} of their {max_length} input tokens. The most samples, but nearly the same sample "
              "over and over (a risk of overfitting).").format(overlap=s.overlap, max_length=s.max_length)
        )
    elif s.gap:
        lessons.append(
            _("Gap: stride {stride} > max_length {max_length}, so {gap} of every {stride} tokens are never "
              "a target (the model never learns to predict them).").format(stride=s.stride,
                                                                           max_length=s.max_length, gap=s.gap)
        )
    elif s.overlap:
        lessons.append(
            _("Overlap: stride {stride} < max_length {max_length}, so neighbouring windows share {overlap} "
              "input tokens.").format(stride=s.stride, max_length=s.max_length, overlap=s.overlap)
        )
    else:
        lessons.append(
            _("No gap and no overlap: stride = max_length, so every token after the first, up to the last "
              "window's last target, is a target exactly once. The usual choice for training.")
        )
    if s.tail:
        lessons.append(
            _("Leftover: the last {tail} token(s) come after the last window's last target ((N - 1 - "
              "max_length) % stride = {tail}), so they are never a target.").format(tail=s.tail)
        )
    if s.lost_to_drop_last:
        lessons.append(
            _("drop_last=True throws away the last {lost} sample(s): {samples} samples do not "
              "fill whole batches of {batch_size}.").format(lost=s.lost_to_drop_last,
                                                            samples=s.samples, batch_size=s.batch_size)
        )
    elif not s.drop_last and s.samples % s.batch_size:
        lessons.append(
            _("drop_last=False keeps a smaller last batch of {size} sample(s).").format(
                size=s.samples % s.batch_size)
        )
    if s.batches == 0:
        lessons.append(
            _("Zero batches: only {samples} sample(s) but batch_size={batch_size} with drop_last=True. "
              "Lower batch_size or set drop_last=False.").format(samples=s.samples, batch_size=s.batch_size)
        )
    return lessons


@dataclass(frozen=True)
class WindowSpan:
    """One window's place in the token stream: inputs ``[start, start + max_length)``,
    targets ``[start + 1, start + max_length + 1)``."""

    index: int
    start: int
    input_stop: int
    target_start: int
    target_stop: int


def first_windows(n_tokens: int, max_length: int, stride: int, count: int = 3) -> list[WindowSpan]:
    """The first ``count`` windows as spans (for pictures of the text with windows coloured)."""
    starts = window_starts(n_tokens, max_length, stride)[:count]
    return [WindowSpan(i, s, s + max_length, s + 1, s + max_length + 1) for i, s in enumerate(starts)]


def target_mask(n_tokens: int, max_length: int, stride: int, positions: range) -> list[bool]:
    """For each position, whether any window uses that token as a target."""
    n = num_samples(n_tokens, max_length, stride)
    out = []
    for p in positions:
        # window k targets positions k*stride + 1 ... k*stride + max_length
        last = min((p - 1) // stride, n - 1) if p >= 1 else -1
        out.append(last >= 0 and p <= last * stride + max_length)
    return out


def too_short_message(n_tokens: int, max_length: int) -> str:
    """Why a text of ``n_tokens`` tokens gives no window of ``max_length``, and the fix."""
    return (f"The text has {n_tokens} tokens, but max_length={max_length} needs at least {max_length + 1} "
            "(the input plus one more token for the last target). Use a longer text or a smaller max_length.")

