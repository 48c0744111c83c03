"""Notebook 07's teaching cells build the same thing as ``helpers.embeddings``, and its new exercise
checks answer right, wrong and unanswered answers.

The notebook builds the notes' lookup table, the one-hot product, the gradients, one optimizer step
and the embedding of a real batch in cells tagged "teaching"; here they run (``teaching_namespace``)
and are compared with ``helpers`` on the notes' ids and on real GPT-2 ids of The Verdict.
"""

from __future__ import annotations

import pytest
import tiktoken
import torch
from teaching import teaching_namespace

from helpers.corpora import load_verdict
from helpers.embeddings import (
    compare_lookup_and_one_hot,
    one_hot_lookup,
    rows_with_gradient,
    seeded_token_embedding,
)
from helpers.exercises import (
    check_batch_shape,
    check_embedding_params,
    check_one_hot_lookup,
    check_repeated_lookup,
)
from helpers.exercises.feedback import NO_ANSWER
from helpers.sampling import create_dataloader_v1

NOTEBOOK = "07_token_embeddings.ipynb"


@pytest.fixture(scope="module")
def ns():
    return teaching_namespace(NOTEBOOK, torch=torch, load_verdict=load_verdict,
                              create_dataloader_v1=create_dataloader_v1)


def test_the_notes_table_is_the_helpers_table(ns):
    helper = seeded_token_embedding(6, 3, seed=123)
    layer, ids = ns["embedding_layer"], ns["input_ids"]
    assert ids.tolist() == [2, 3, 5, 1]
    assert torch.equal(layer.weight, helper.weight)
    assert torch.equal(layer(ids), helper(ids))
    assert torch.equal(ns["product"], one_hot_lookup(ids, layer.weight))


def test_the_gradients_are_the_helpers_gradients(ns):
    comparison = compare_lookup_and_one_hot(ns["embedding_layer"].weight, ns["input_ids"])
    assert comparison.same_values and comparison.same_gradients
    assert torch.equal(ns["grad_lookup"], comparison.lookup_grad)
    assert torch.equal(ns["grad_one_hot"], comparison.one_hot_grad)
    assert rows_with_gradient(ns["grad_lookup"]) == [1, 2, 3, 5]


def test_one_sgd_step_moves_only_the_looked_up_rows(ns):
    change = ns["change"]
    moved = rows_with_gradient(change)
    assert moved == [1, 2, 3, 5] == sorted(set(ns["input_ids"].tolist()))
    assert torch.allclose(change[moved], torch.full((4, 3), -0.1), atol=1e-6)
    assert torch.equal(change[[0, 4]], torch.zeros(2, 3))


def test_a_real_batch_embeds_as_helpers_does(ns):
    inputs = ns["inputs"]
    ids = tiktoken.get_encoding("gpt2").encode(load_verdict())
    assert inputs.shape == (8, 4) and inputs.flatten().tolist() == ids[:32]  # stride 4, no shuffling
    helper = seeded_token_embedding(50257, 256, seed=123)
    assert torch.equal(ns["token_embedding_layer"].weight, helper.weight)
    assert ns["token_embeddings"].shape == (8, 4, 256)
    assert torch.equal(ns["token_embeddings"], helper(inputs))
    flat = one_hot_lookup(inputs.flatten(), helper.weight).reshape(8, 4, 256)
    assert torch.allclose(flat, ns["token_embeddings"])


# --- exercise checks ------------------------------------------------------------------------------


def rows(*ids):
    weight = seeded_token_embedding(6, 3, seed=123).weight.detach()
    return [[round(float(x), 4) for x in weight[i]] for i in ids]


def says(feedback, *words):
    return not feedback and all(w in str(feedback) for w in words)


@pytest.mark.parametrize("check", [check_repeated_lookup, check_batch_shape, check_one_hot_lookup])
def test_checks_wait_for_an_answer(check):
    assert check(...) is NO_ANSWER and check(None) is NO_ANSWER


def test_check_repeated_lookup():
    layer = seeded_token_embedding(6, 3, seed=123)
    out = layer(torch.tensor([4, 0, 4]))
    rows_out = [i for r in out for i in range(6) if torch.equal(r, layer.weight[i])]
    assert check_repeated_lookup((rows_out, tuple(out.shape)))         # what the lookup really gives
    assert check_repeated_lookup(([4, 0, 4], [3, 3]))
    assert check_repeated_lookup([(4, 0, 4), torch.Size([3, 3])])
    assert says(check_repeated_lookup(([4, 0], (2, 3))), "one row per distinct id", "twice")
    assert says(check_repeated_lookup(([4, 4, 0], (3, 3))), "wrong order", "[4, 0, 4]")
    assert says(check_repeated_lookup(([5, 1, 5], (3, 3))), "counted from 1", "numbered from 0")
    assert says(check_repeated_lookup(([2, 3, 5], (3, 3))), "[2, 3, 5]", "picks row i")
    assert says(check_repeated_lookup(([4, 0, 4], (3,))), "shape of the ids")
    assert says(check_repeated_lookup(([4, 0, 4], (1, 3, 3))), "shape (1, 3, 3) is not")
    assert says(check_repeated_lookup(([4, 0, 4], (3, 6))), "(3, 6) is not the shape")
    assert says(check_repeated_lookup(rows(4, 0, 4)), "expected (rows, shape)")   # the old answer: numbers
    assert says(check_repeated_lookup("row 4"), "expected (rows, shape)")


def test_check_batch_shape():
    layer = seeded_token_embedding(6, 3, seed=123)
    assert check_batch_shape(tuple(layer(torch.tensor([[5, 5, 5, 5, 5]])).shape))
    assert check_batch_shape([1, 5, 3]) and check_batch_shape(torch.Size([1, 5, 3]))
    assert says(check_batch_shape((5, 3)), "flat ids")
    assert says(check_batch_shape((1, 1, 3)), "its own vector")
    assert says(check_batch_shape((1, 5)), "shape of the ids")
    assert says(check_batch_shape((1, 5, 6)), "vocabulary size")
    assert says(check_batch_shape((2, 4, 3)), "not the shape")
    assert says(check_batch_shape("1, 5, 3"), "expected a shape")
    assert says(check_batch_shape(5), "expected a shape")


def test_check_embedding_params_says_which_parameter_count():
    feedback = check_embedding_params(50257 * 768)
    assert feedback and "124M" in str(feedback) and "117M" in str(feedback)


def test_gpt2_small_has_124m_parameters_in_the_released_weights():
    """The 124M quoted beside the paper's 117M: GPT-2 small's released weights, counted from its
    configuration (12 layers, 768 wide, 1024 positions, token table shared with the output layer)."""
    vocab, ctx, d, layers = 50257, 1024, 768, 12
    block = (2 * d                      # layer norm 1
             + d * 3 * d + 3 * d        # query, key, value
             + d * d + d                # attention output
             + 2 * d                    # layer norm 2
             + d * 4 * d + 4 * d        # MLP up
             + 4 * d * d + d)           # MLP down
    total = vocab * d + ctx * d + layers * block + 2 * d
    assert total == 124_439_808
    assert round(vocab * d / total, 2) == 0.31  # "about a third"


# exercise 3: the learner's lookup(ids, weight); functions defined in this file, so the check can read
# their source as it reads a notebook cell's


def lookup_right(ids, weight):
    return torch.nn.functional.one_hot(ids, num_classes=weight.shape[0]).float() @ weight


def lookup_ints(ids, weight):
    return torch.nn.functional.one_hot(ids, num_classes=weight.shape[0]) @ weight


def lookup_guessed_classes(ids, weight):
    return torch.nn.functional.one_hot(ids).float() @ weight


def lookup_indexing(ids, weight):
    return weight[ids]


def lookup_transposed(ids, weight):
    return weight.T @ torch.nn.functional.one_hot(ids, num_classes=weight.shape[0]).float().T


def lookup_reversed(ids, weight):
    return torch.nn.functional.one_hot(ids.flip(-1), num_classes=weight.shape[0]).float() @ weight


def test_check_one_hot_lookup_right_on_the_solution_and_equal_to_the_layer():
    assert check_one_hot_lookup(lookup_right)
    layer = seeded_token_embedding(6, 3, seed=123)
    ids = torch.tensor([[2, 3, 5, 1], [0, 4, 4, 2]])
    assert torch.equal(lookup_right(ids, layer.weight), layer(ids))


def test_check_one_hot_lookup_names_the_mistake():
    assert says(check_one_hot_lookup(lookup_ints), "RuntimeError", ".float()")
    assert says(check_one_hot_lookup(lookup_guessed_classes), "RuntimeError", "num_classes=weight.shape[0]")
    assert says(check_one_hot_lookup(lookup_indexing), "numbers are right", "one_hot")
    assert says(check_one_hot_lookup(lookup_transposed), "shape (3, 4)", "not weight @ one_hot")
    assert says(check_one_hot_lookup(lookup_reversed), "other numbers")
    assert says(check_one_hot_lookup(lambda ids, weight: 1 / 0), "ZeroDivisionError")
    assert says(check_one_hot_lookup(lambda ids, weight: [0.0]), "not a tensor")
    assert says(check_one_hot_lookup(42), "function")
