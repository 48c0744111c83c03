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


@check
def check_embedding_row(answer) -> Feedback:
    """07, exercise 1: the vector of token id 4 in the notes' layer (seed 123, vocab 6, dim 3)."""
    from ..embeddings import seeded_token_embedding

    weight = seeded_token_embedding(6, 3, seed=123).weight.detach()
    got = as_float_tensor(answer)
    if got is None:
        return wrong(f"expected 3 numbers, got {type(answer).__name__}.",
                     "Use embedding_layer(torch.tensor([4])) or a list of its 3 values.")
    got = got.reshape(-1)
    if got.numel() != 3:
        return wrong(f"expected 3 numbers (output_dim = 3), got {got.numel()}.",
                     "Look up one id: the result has one row of 3 values.")
    for row in range(6):
        if (got - weight[row]).abs().max() < 1e-3:
            if row == 4:
                return right("id 4 picks row 4 of the weight matrix (the fifth row; counting starts at 0).")
            return wrong(f"that is the row of id {row}.",
                         "Rows are numbered from 0: id 4 is the fifth row of embedding_layer.weight.")
    return wrong("these numbers are not a row of the notes' weight matrix.",
                 "Run the notes' cell (torch.manual_seed(123), then torch.nn.Embedding(6, 3)) first.")


@check
def check_lookup_gradient(answer) -> Feedback:
    """07, exercise 2: ``weight.grad`` after looking up ids [4, 0, 4, 2] and ``output.sum().backward()``."""
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
    """07, exercise 3: parameters in GPT-2 small's token embedding (768 dimensions)."""
    return check_embedding_weights(answer, 768, model="GPT-2 small",
                                   near_misses={256: "the size with the notes' 256 dimensions"},
                                   note=", about a third of GPT-2 small's 124M parameters")
