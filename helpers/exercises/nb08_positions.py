"""Checks for notebook 08, positional encoding."""

from __future__ import annotations

from ..i18n import gettext as _
from .feedback import NO_ANSWER, Feedback, check, right, wrong


@check
def check_input_embeddings_shape(answer) -> Feedback:
    """08, exercise 1: shape of the input embeddings for batch 2, max_length 6, dimension 256."""
    try:
        shape = tuple(int(n) for n in answer)
    except TypeError:
        return wrong(_("expected a shape such as (8, 4, 256), got {answer!r}.").format(answer=answer),
                     _("Use input_embeddings.shape."))
    if shape == (2, 6, 256):
        return right(_("(batch, tokens per sample, dimension): the 6 x 256 position table was added to "
                       "each of the 2 samples."))
    if shape == (6, 256):
        return wrong(_("that is the position table alone."),
                     _("Add it to the token embeddings; broadcasting gives it the batch dimension."))
    if shape == (2, 6):
        return wrong(_("that is the shape of the token ids."), _("Each id becomes a 256-long vector."))
    if shape == (8, 4, 256):
        return wrong(_("that is the notes' example."), _("Use batch_size=2 and max_length=6 as asked."))
    return wrong(_("{shape} is not the shape GPT-2's input layer gives here.").format(shape=shape),
                 _("Token embeddings are (batch, max_length, output_dim), positions (max_length, "
                   "output_dim)."))


SAME_SCORE_REFERENCE = (10, 7)
SAME_SCORE_CHOICES = ((3, 0), (7, 10), (20, 17), (40, 38), (1003, 1000))


@check
def check_same_rope_score(answer) -> Feedback:
    """08, exercise 3: with RoPE, which (query position m, key position n) pairs give the same score
    as (10, 7)? ``answer`` is a set of pairs chosen from ``SAME_SCORE_CHOICES``."""
    import torch

    from ..embeddings import rope_score

    try:
        chosen = {(int(m), int(n)) for m, n in answer}
    except (TypeError, ValueError):
        return wrong(_("expected a set of (m, n) pairs such as {{(3, 0)}}, got {answer!r}.").format(
            answer=answer),
                     _("Pick pairs from {choices}.").format(choices=list(SAME_SCORE_CHOICES)))
    unknown = chosen - set(SAME_SCORE_CHOICES)
    if unknown:
        return wrong(_("{unknown} is not one of the choices.").format(unknown=sorted(unknown)),
                     _("Pick from {choices}.").format(choices=list(SAME_SCORE_CHOICES)))
    gen = torch.Generator().manual_seed(8)
    q, k = torch.randn(2, 32, generator=gen, dtype=torch.float64)
    target = rope_score(q, k, *SAME_SCORE_REFERENCE)
    truth = {p for p in SAME_SCORE_CHOICES if abs(rope_score(q, k, *p) - target) < 1e-9}
    if chosen == truth:
        return right(_("(3, 0), (20, 17) and (1003, 1000): the key is 3 positions before the query in "
                       "each, and RoPE's score depends only on n - m, even far past any table."))
    if (7, 10) in chosen:
        return wrong(_("(7, 10) has the same gap but the other way round: there the key is 3 positions "
                       "after the query, n - m = +3 instead of -3."),
                     _("A rotation by +3 steps and one by -3 steps are different rotations."))
    if (40, 38) in chosen:
        return wrong(_("(40, 38) is only 2 positions apart."), _("Compare n - m, not m or n."))
    if (1003, 1000) not in chosen and chosen < truth:
        return wrong(_("you left out a pair with the same distance far down the sequence."),
                     _("RoPE needs no table, so no position is 'too far'."))
    return wrong(_("not quite."), _("Work out n - m for (10, 7) and for each choice."))


@check
def check_shift(shift) -> Feedback:
    """08, exercise 4: ``shift(row, k)`` returns the sinusoidal ``PE[p + k]`` from ``PE[p]`` (dim 16)
    without being told ``p``."""
    import torch

    from ..embeddings import shift_sinusoidal, sinusoidal_encoding

    if not callable(shift):
        return wrong(_("expected a function shift(row, k), got {name}.").format(name=type(shift).__name__),
                     _("Define it with def shift(row, k): ... and pass the function itself (no brackets)."))
    table = sinusoidal_encoding(120, 16)
    cases = ((0, 1), (5, 3), (17, 40), (60, 59), (33, 0))
    for p, k in cases:
        try:
            result = shift(table[p].clone(), k)
            if result is None or result is Ellipsis:
                return NO_ANSWER if (p, k) == cases[0] else wrong(
                    _("shift(PE[{p}], {k}) returned nothing.").format(p=p,
                                                                      k=k), _("End the function with return "
                                                                              "and the new "
                                                                "row."))
            got = torch.as_tensor(result, dtype=torch.float32)
        except Exception as err:  # noqa: BLE001 - the learner's code may fail any way; say how
            return wrong(_("shift(PE[{p}], {k}) raised {name}: {err}").format(
                p=p, k=k, name=type(err).__name__, err=err),
                         _("row is a tensor of 16 numbers; work on row[0::2] (sines) and row[1::2] "
                           "(cosines)."))
        if got.shape != (16,):
            return wrong(_("shift(PE[{p}], {k}) gave shape {shape}; expected (16,).").format(
                p=p, k=k, shape=tuple(got.shape)),
                         _("Return a new row of 16 numbers."))
        if not torch.allclose(got, table[p + k], atol=1e-4):
            if torch.allclose(got, table[p], atol=1e-4) and k:
                return wrong(_("shift(PE[{p}], {k}) returned PE[{p}] unchanged.").format(p=p, k=k),
                             _("Turn each pair by the angle k * w_i."))
            if k and torch.allclose(got, shift_sinusoidal(table[p], -k).float(), atol=1e-4):
                return wrong(_("shift(PE[{p}], {k}) went back to PE[{back}]: it turns the wrong way.").format(
                    p=p, k=k, back=p - k),
                             _("sin(a + b) = sin a cos b + cos a sin b; cos(a + b) = cos a cos b - sin a "
                               "sin b."))
            return wrong(_("shift(PE[{p}], {k}) is not PE[{target}].").format(p=p, k=k, target=p + k),
                         _("With s = sin a and c = cos a of a pair and b = k * w_i: the new pair is (s cos "
                           "b + c sin b, c cos b - s sin b)."))
    return right(_("each pair turned by k * w_i, the same for every p: PE[p + k] is a rotation of PE[p]."))
