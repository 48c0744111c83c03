"""Checks for notebook 07, token embeddings."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong
from .nb01_word2vec import check_embedding_weights


def as_float_tensor(answer):
    """The answer (a tensor, list or number) as a float32 tensor, or None when it is not numbers."""
    import torch

    try:
        return torch.as_tensor(answer.detach() if hasattr(answer, "detach") else answer, dtype=torch.float32)
    except (TypeError, ValueError, RuntimeError):
        return None


REPEATED_IDS = [4, 0, 4]
BATCH_IDS = [[5, 5, 5, 5, 5]]


def _notes_weight():
    from ..embeddings import seeded_token_embedding

    return seeded_token_embedding(6, 3, seed=123).weight.detach()


def _row_ids(rows, weight) -> list[int | None]:
    """For each given row of 3 numbers, the id whose row of ``weight`` it is (to 3 decimals), or None."""
    found = []
    for row in rows:
        match = [i for i in range(weight.shape[0]) if (row - weight[i]).abs().max() < 1e-3]
        found.append(match[0] if match else None)
    return found


@check
def check_repeated_lookup(answer) -> Feedback:
    """07, exercise 1: the output of ``embedding_layer(torch.tensor([4, 0, 4]))``, written by hand."""
    got = as_float_tensor(answer)
    if got is None:
        return wrong(f"expected rows of numbers, got {type(answer).__name__}.",
                     "Write a list of rows, such as [[a, b, c], [d, e, f], ...], copied from the weight "
                     "table.")
    if got.dim() == 1 and got.numel() % 3 == 0:
        got = got.reshape(-1, 3)
    if got.dim() != 2 or got.shape[1] != 3:
        return wrong(f"expected rows of 3 numbers (output_dim = 3), got shape {tuple(got.shape)}.",
                     "Each id becomes one row of the weight table, and each row holds 3 numbers.")
    ids = _row_ids(got, _notes_weight())
    if None in ids:
        n = ids.index(None)
        return wrong(f"row {n} of your answer is not a row of the notes' weight table.",
                     "Copy whole rows from the printed embedding_layer.weight "
                     "(made right after torch.manual_seed(123)).")
    if ids == REPEATED_IDS:
        return right("shape (3, 3): one row per id, in the order of the ids; id 4 appears twice, "
                     "so its row appears twice. A lookup has no memory and no context.")
    if ids == [4, 0]:
        return wrong("you gave one row per distinct id, but the output has one row per id in the input.",
                     "Three ids in, three rows out: id 4 is there twice.")
    if sorted(ids) == sorted(REPEATED_IDS):
        return wrong(f"the right rows, in the wrong order: yours are the rows of ids {ids}.",
                     "Rows come out in the order of the ids: [4, 0, 4].")
    if ids == [3, 5, 3]:  # counted from 1: id 4 taken as the fourth row, id 0 as the last
        return wrong(f"those are the rows of ids {ids}.", "Rows are numbered from 0: id 4 is the fifth row.")
    return wrong(f"those are the rows of ids {ids}, not of [4, 0, 4].",
                 "Id i picks row i of the weight table (counting from 0), once for every time it appears.")


@check
def check_batch_shape(answer) -> Feedback:
    """07, exercise 2: the shape of ``embedding_layer(torch.tensor([[5, 5, 5, 5, 5]]))`` (dim 3)."""
    try:
        shape = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return wrong(f"expected a shape such as (2, 4, 3), got {answer!r}.",
                     "Write the shape as a tuple of whole numbers, one per dimension.")
    if shape == (1, 5, 3):
        return right("(batch, tokens, output_dim) = (1, 5, 3): the ids' shape (1, 5) with a vector of 3 "
                     "numbers for each id. The five vectors are the same row 5, copied five times.")
    if shape == (5, 3):
        return wrong("that is the shape for the flat ids [5, 5, 5, 5, 5].",
                     "The ids are a batch of one sample: the output keeps the ids' shape (1, 5) in front.")
    if shape in ((1, 1, 3), (1, 3), (3,)):
        return wrong("a repeated id still gets its own vector at every position.",
                     "Five ids in the sample, so five vectors.")
    if shape == (1, 5):
        return wrong("that is the shape of the ids.", "Each id becomes a vector of output_dim = 3 numbers.")
    if shape in ((1, 5, 6), (1, 6, 3), (6, 3)):
        return wrong("the vocabulary size (6) is the number of rows of the table, not a dimension of the "
                     "output.", "The output has the ids' shape, then output_dim.")
    return wrong(f"{shape} is not the shape of this lookup.",
                 "Output shape = shape of the ids, followed by output_dim.")


@check
def check_lookup_gradient(answer) -> Feedback:
    """07, exercise 3: ``weight.grad`` after looking up ids [4, 0, 4, 2] and ``output.sum().backward()``."""
    import torch

    from ..embeddings import compare_lookup_and_one_hot, rows_with_gradient, seeded_token_embedding

    expected = compare_lookup_and_one_hot(seeded_token_embedding(6, 3).weight, [4, 0, 4, 2]).lookup_grad
    got = as_float_tensor(answer)
    if got is None or got.shape != expected.shape:
        shape = None if got is None else tuple(got.shape)
        return wrong(f"expected the gradient of the whole weight matrix, shape (6, 3); got {shape}.",
                     "After loss.backward(), answer = layer.weight.grad (one row per token id).")
    if torch.allclose(got, expected):
        return right("rows 0 and 2 get 1s, row 4 gets 2s (it was looked up twice, so its gradients add), "
                     "rows 1, 3 and 5 get nothing.")
    if rows_with_gradient(got) != rows_with_gradient(expected):
        return wrong(f"the rows with a gradient should be the ids looked up, {rows_with_gradient(expected)}; "
                     f"yours are {rows_with_gradient(got)}.",
                     "Only rows that were looked up take part in the output, so only they get a gradient.")
    if torch.allclose(got[4], torch.ones(3)):
        return wrong("row 4 is looked up twice, so its gradient is the sum of two contributions.",
                     "Did you zero the gradient or use set() on the ids? Use the ids [4, 0, 4, 2] as given.")
    return wrong("the right rows have a gradient, but the values are off.",
                 "Use loss = output.sum() and a fresh layer (weight.grad accumulates over backward calls).")


def check_embedding_params(answer) -> Feedback:
    """07, exercise 4: parameters in GPT-2 small's token embedding (768 dimensions)."""
    return check_embedding_weights(answer, 768, model="GPT-2 small",
                                   near_misses={256: "the size with the notes' 256 dimensions"},
                                   note=(", about a third of GPT-2 small's 124M parameters (the count of "
                                         "the released weights; the GPT-2 paper says 117M)"))
