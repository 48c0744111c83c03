"""Checks for notebook 07, token embeddings."""

from __future__ import annotations

import inspect

from ..i18n import gettext as _
from .feedback import Feedback, check, right, wrong
from .nb01_word2vec import check_embedding_weights

REPEATED_IDS = [4, 0, 4]
BATCH_IDS = [[5, 5, 5, 5, 5]]


def _notes_weight():
    from ..embeddings import seeded_token_embedding

    return seeded_token_embedding(6, 3, seed=123).weight.detach()


@check
def check_repeated_lookup(answer) -> Feedback:
    """07, exercise 1: predict ``embedding_layer(torch.tensor([4, 0, 4]))`` as ``(rows, shape)``: which
    rows of the weight table come out, in order, and the shape of the result."""
    try:
        rows, shape = answer
        rows = [int(r) for r in rows]
        shape = tuple(int(n) for n in shape)
    except (TypeError, ValueError, RuntimeError):   # not two parts, or parts that are not whole numbers
        return wrong(_("expected (rows, shape), such as ([1, 2], (2, 3)); got {answer!r}.").format(
            answer=answer),
                     _("Write the row numbers as a list and the shape as a tuple: answer = ([...], (...))."))
    if rows == REPEATED_IDS and shape == (3, 3):
        return right(_("rows 4, 0, 4 in the order of the ids, shape (3, 3): one row of 3 numbers per id. "
                       "Id 4 appears twice, so its row comes out twice: a lookup has no memory and no "
                       "context."))
    if rows != REPEATED_IDS:
        if rows == [4, 0]:
            return wrong(_("you gave one row per distinct id, but the output has one row per id in the "
                           "input."),
                         _("Three ids in, three rows out: id 4 is there twice."))
        if sorted(rows) == sorted(REPEATED_IDS):
            return wrong(_("the right rows, in the wrong order: {rows}.").format(rows=rows),
                         _("Rows come out in the order of the ids: [4, 0, 4]."))
        if rows == [5, 1, 5]:
            return wrong(_("those are the row numbers counted from 1."),
                         _("Rows are numbered from 0: id 4 is row 4."))
        return wrong(_("rows {rows} are not the rows that the ids [4, 0, 4] pick.").format(rows=rows),
                     _("Id i picks row i of the weight table (counting from 0), once each time it appears."))
    if shape == (3,):
        return wrong(_("(3,) is the shape of the ids."),
                     _("Each id becomes a row of output_dim = 3 numbers."))
    if shape in ((2, 3), (1, 3, 3), (6, 3)):
        return wrong(_("the rows are right, but the shape {shape} is not.").format(shape=shape),
                     _("One output row per id (3 ids) and output_dim = 3 numbers in each row."))
    return wrong(_("the rows are right, but {shape} is not the shape.").format(shape=shape),
                 _("Output shape = shape of the ids, followed by output_dim."))


@check
def check_batch_shape(answer) -> Feedback:
    """07, exercise 2: the shape of ``embedding_layer(torch.tensor([[5, 5, 5, 5, 5]]))`` (dim 3)."""
    try:
        shape = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return wrong(_("expected a shape such as (2, 4, 3), got {answer!r}.").format(answer=answer),
                     _("Write the shape as a tuple of whole numbers, one per dimension."))
    if shape == (1, 5, 3):
        return right(_("(batch, tokens, output_dim) = (1, 5, 3): the ids' shape (1, 5) with a vector of 3 "
                       "numbers for each id. The five vectors are the same row 5, copied five times."))
    if shape == (5, 3):
        return wrong(_("that is the shape for the flat ids [5, 5, 5, 5, 5]."),
                     _("The ids are a batch of one sample: the output keeps the ids' shape (1, 5) in front."))
    if shape in ((1, 1, 3), (1, 3), (3,)):
        return wrong(_("a repeated id still gets its own vector at every position."),
                     _("Five ids in the sample, so five vectors."))
    if shape == (1, 5):
        return wrong(_("that is the shape of the ids."), _("Each id becomes a vector of output_dim = 3 "
                                                        "numbers."))
    if shape in ((1, 5, 6), (1, 6, 3), (6, 3)):
        return wrong(_("the vocabulary size (6) is the number of rows of the table, not a dimension of the "
                       "output."), _("The output has the ids' shape, then output_dim."))
    return wrong(_("{shape} is not the shape of this lookup.").format(shape=shape),
                 _("Output shape = shape of the ids, followed by output_dim."))


def _lookup_cases():
    """Weights and ids to try a learner's ``lookup`` on: the notes' table, a seeded random table, and
    ids of several shapes (random ids from a fixed generator, so the check is the same everywhere)."""
    import torch

    gen = torch.Generator().manual_seed(7)
    notes = _notes_weight()
    big = torch.randn(50, 4, generator=gen)
    return [(notes, torch.tensor([2, 3, 5, 1])),
            (notes, torch.tensor([0, 0])),          # never uses the last id: num_classes matters
            (big, torch.randint(0, 50, (7,), generator=gen)),
            (big, torch.randint(0, 50, (2, 5), generator=gen))]


@check
def check_one_hot_lookup(answer) -> Feedback:
    """07, exercise 3: a function ``lookup(ids, weight)`` built from ``one_hot`` and ``@`` that gives
    what ``torch.nn.Embedding`` gives, for ids of any shape."""
    import torch

    if not callable(answer):
        return wrong(_("the answer should be a function, got {name}.").format(name=type(answer).__name__),
                     _("Write `def lookup(ids, weight): ...` and set answer = lookup."))
    for weight, ids in _lookup_cases():
        layer = torch.nn.Embedding(*weight.shape)
        with torch.no_grad():
            layer.weight.copy_(weight)
        expected = layer(ids).detach()
        call = _("lookup(ids of shape {ids_shape}, weight of shape {weight_shape})").format(
            ids_shape=tuple(ids.shape), weight_shape=tuple(weight.shape))
        try:
            got = answer(ids, weight)
        except RuntimeError as err:
            text = str(err)
            if "dtype" in text or "Long" in text or "Float" in text:
                hint = _("one_hot gives integers; turn them into floats with .float() before the @.")
            elif "shape" in text or "size" in text:
                hint = (_("one_hot guesses the number of classes from the largest id; pass "
                          "num_classes=weight.shape[0]."))
            else:
                hint = _("Build the one-hot vectors of the ids, then multiply them by the weight.")
            return wrong(_("{call} raised RuntimeError: {error}").format(
                call=call, error=text.splitlines()[0]), hint)
        except Exception as err:  # a learner's function may fail in any way
            return wrong(_("{call} raised {name}: {err}").format(call=call, name=type(err).__name__, err=err),
                         _("Multiply one_hot(ids, num_classes=weight.shape[0]).float() by the weight with "
                           "@."))
        if not isinstance(got, torch.Tensor):
            return wrong(_("{call} returned {name}, not a tensor.").format(
                call=call, name=type(got).__name__),
                         _("Return the product itself."))
        if tuple(got.shape) != tuple(expected.shape):
            return wrong(_("{call} has shape {shape}; torch.nn.Embedding gives {expected}.").format(
                call=call, shape=tuple(got.shape), expected=tuple(expected.shape)),
                         _("The result keeps the shape of the ids and adds the weight's columns at the "
                           "end: one_hot(...) @ weight, not weight @ one_hot(...)."))
        if not torch.allclose(got.detach().float(), expected, atol=1e-6):
            return wrong(_("{call} gives other numbers than torch.nn.Embedding.").format(call=call),
                         _("Row k of the result must be row ids[k] of the weight: one_hot(ids) @ weight."))
    try:
        source = inspect.getsource(answer)
    except (OSError, TypeError):   # no source to read (a built-in, a lambda typed in some consoles)
        source = "one_hot @"
    if "one_hot" not in source or "@" not in source:
        return wrong(_("the numbers are right, but the exercise asks for a one-hot matrix product."),
                     _("Build the lookup from torch.nn.functional.one_hot(...) and @, without indexing the "
                       "weight directly."))
    return right(_("your lookup equals torch.nn.Embedding on {n_cases} cases, 1-D and 2-D ids: a "
                   "lookup is a one-hot matrix product.").format(n_cases=len(_lookup_cases())))


def check_embedding_params(answer) -> Feedback:
    """07, exercise 4: parameters in GPT-2 small's token embedding (768 dimensions)."""
    return check_embedding_weights(answer, 768, model="GPT-2 small",
                                   near_misses={256: _("the size with the notes' 256 dimensions")},
                                   note=_(", about a third of GPT-2 small's 124M parameters (the count of "
                                          "the released weights; the GPT-2 paper says 117M)"))
