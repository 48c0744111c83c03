"""Checks for notebook 08, positional encoding."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong
from .nb07_token_embeddings import as_float_tensor


@check
def check_input_embeddings_shape(answer) -> Feedback:
    """08, exercise 1: shape of the input embeddings for batch 2, max_length 6, dimension 256."""
    try:
        shape = tuple(int(n) for n in answer)
    except TypeError:
        return wrong(f"expected a shape such as (8, 4, 256), got {answer!r}.",
                     "Use input_embeddings.shape.")
    if shape == (2, 6, 256):
        return right("(batch, tokens per sample, dimension): the 6 x 256 position table was added to each "
                     "of the 2 samples.")
    if shape == (6, 256):
        return wrong("that is the position table alone.",
                     "Add it to the token embeddings; broadcasting gives it the batch dimension.")
    if shape == (2, 6):
        return wrong("that is the shape of the token ids.", "Each id becomes a 256-long vector.")
    if shape == (8, 4, 256):
        return wrong("that is the notes' example.", "Use batch_size=2 and max_length=6 as asked.")
    return wrong(f"{shape} is not the shape GPT-2's input layer gives here.",
                 "Token embeddings are (batch, max_length, output_dim), positions (max_length, output_dim).")


@check
def check_sinusoidal(answer) -> Feedback:
    """08, exercise 2: the sinusoidal encoding for context_length=50, dim=16 (base 10000)."""
    import torch

    from ..embeddings import sinusoidal_encoding

    expected = sinusoidal_encoding(50, 16)
    got = as_float_tensor(answer)
    if got is None or got.shape != expected.shape:
        shape = None if got is None else tuple(got.shape)
        return wrong(f"expected a (50, 16) table, one row per position; got {shape}.",
                     "Rows are positions 0..49, columns the 16 dimensions.")
    if torch.allclose(got, expected, atol=1e-4):
        return right("sin on even columns, cos on odd ones, with frequencies from 1 down to about 1/10000.")
    swapped = expected.clone()
    swapped[:, 0::2], swapped[:, 1::2] = expected[:, 1::2], expected[:, 0::2]
    if torch.allclose(got, swapped, atol=1e-4):
        return wrong("sine and cosine are swapped.",
                     "Even columns (0, 2, ...) take sin, odd columns take cos.")
    if torch.allclose(got[0], expected[0], atol=1e-4):
        return wrong("position 0 is right, but the frequencies are off.",
                     "w_i = 1 / 10000 ** (2i / 16) for the pair (2i, 2i+1); i runs over 0..7.")
    return wrong("the table does not match the formula.",
                 "Row 0 should be [0, 1, 0, 1, ...]: sin(0) = 0 and cos(0) = 1.")


@check
def check_relative_kinds(answer) -> Feedback:
    """08, exercise 3: which kinds give a token score that depends only on the distance n - m."""
    from ..embeddings import KINDS, position_scores, scores_by_distance

    if isinstance(answer, str):
        answer = {answer}
    try:
        chosen = {str(a).lower() for a in answer}
    except TypeError:
        return wrong(f"expected a set of names such as {{'learned'}}, got {answer!r}.",
                     f"Pick from {', '.join(KINDS)}.")
    unknown = chosen - set(KINDS)
    if unknown:
        return wrong(f"unknown kind(s): {', '.join(sorted(unknown))}.", f"Pick from {', '.join(KINDS)}.")
    truth = {k for k in KINDS if scores_by_distance(position_scores(k, 32, 16)).only_distance()}
    if chosen == truth:
        return right("only RoPE: rotating q by m and k by n leaves q . R(n - m) k, a function of n - m.")
    if "sinusoidal" in chosen:
        return wrong("the sinusoidal vectors alone compare by distance, but the model adds them to token "
                     "vectors, and the cross terms q . P[n] depend on n itself.",
                     "Look at scores_by_distance(position_scores('sinusoidal', 32, 16)).max_spread.")
    if "learned" in chosen:
        return wrong("learned vectors are free parameters; nothing ties positions together by distance.",
                     "Compare the spread of the learned curve with the others in the figure.")
    return wrong("one kind does depend only on the distance.",
                 "Look at the band widths in the figure above.")
