"""Notebook 08's own teaching code agrees with ``helpers``, and its exercise checks judge right.

The notebook builds GPT-2's input layer, the sinusoidal table and RoPE in cells tagged "teaching";
``teaching_namespace`` runs exactly those cells, and each test compares what they made with the
``helpers`` version on the notebook's own input.
"""

from __future__ import annotations

import math

import pytest
import tiktoken
import torch
from teaching import teaching_namespace

from helpers.corpora import load_verdict
from helpers.embeddings import (
    GPTInputEmbedding,
    apply_rope,
    causal_curves,
    position_scores,
    rope_score,
    shift_sinusoidal,
    sinusoidal_encoding,
)
from helpers.exercises import check_input_embeddings_shape, check_same_rope_score, check_shift
from helpers.exercises.feedback import NO_ANSWER
from helpers.exercises.nb08_positions import SAME_SCORE_CHOICES
from helpers.sampling import create_dataloader_v1

NOTEBOOK = "08_positional_encoding.ipynb"


@pytest.fixture(scope="module")
def taught():
    return teaching_namespace(NOTEBOOK, math=math, torch=torch, tiktoken=tiktoken, raw_text=load_verdict(),
                              create_dataloader_v1=create_dataloader_v1)


def test_the_input_layer_equals_gpt_input_embedding(taught):
    inputs = taught["inputs"]
    assert inputs[0].tolist() == [40, 367, 2885, 1464]  # the notes' first row, with shuffle=False
    layer = GPTInputEmbedding(taught["vocab_size"], taught["context_length"], taught["output_dim"])
    layer.tok_emb.load_state_dict(taught["token_embedding_layer"].state_dict())
    layer.pos_emb.load_state_dict(taught["pos_embedding_layer"].state_dict())
    assert torch.equal(layer(inputs), taught["input_embeddings"])
    assert torch.equal(layer.pos_emb(taught["context_length"]), taught["pos_embeddings"])
    assert tuple(taught["input_embeddings"].shape) == (8, 4, 256)


def test_the_notes_call_without_shuffle_false_is_shuffled(taught):
    notes_first = next(iter(taught["notes_call"]))[0]
    assert not torch.equal(notes_first, taught["inputs"])


def test_sinusoidal_table_equals_sinusoidal_encoding(taught):
    table = taught["sinusoidal_table"]
    for length, dim in ((64, 32), (50, 16), (7, 2)):
        assert torch.allclose(table(length, dim), sinusoidal_encoding(length, dim), atol=1e-6)


def test_rope_equals_apply_rope(taught):
    rope = taught["rope"]
    x = torch.randn(3, 40, 16, generator=torch.Generator().manual_seed(0))
    assert torch.allclose(rope(x), apply_rope(x), atol=1e-5)
    assert torch.allclose(taught["queries"], apply_rope(taught["q"].expand(64, 32).clone()), atol=1e-5)


def test_rope_scores_depend_only_on_the_distance(taught):
    queries, keys = taught["queries"], taught["keys"]
    scores = [float(queries[m] @ keys[m - 2]) for m in range(2, 64)]
    assert max(scores) - min(scores) < 1e-4
    curves = {kind: causal_curves(position_scores(kind, 64, 32), (21, 42, 63), 21).max_gap
              for kind in ("learned", "sinusoidal", "rotary")}
    assert curves["rotary"] < 1e-6 and curves["learned"] > 1 and curves["sinusoidal"] > 1


def test_sinusoidal_shift_is_a_rotation():
    table = sinusoidal_encoding(200, 16).double()
    for p, k in ((0, 5), (17, 100), (150, 49)):
        assert torch.allclose(shift_sinusoidal(table[p], k), table[p + k], atol=1e-6)


def test_causal_curves_refuses_a_query_without_enough_keys():
    with pytest.raises(ValueError, match="needs 21 keys"):
        causal_curves(position_scores("rotary", 64, 32), (10,), 21)


# --- exercises ------------------------------------------------------------------------------------


def test_exercise_1_shape():
    assert check_input_embeddings_shape((2, 6, 256))
    assert "position table" in str(check_input_embeddings_shape((6, 256)))
    assert check_input_embeddings_shape(...) is NO_ANSWER


def test_exercise_2_same_rope_score():
    gen = torch.Generator().manual_seed(1)
    q, k = torch.randn(2, 16, generator=gen, dtype=torch.float64)
    truth = {p for p in SAME_SCORE_CHOICES if abs(rope_score(q, k, *p) - rope_score(q, k, 10, 7)) < 1e-9}
    assert truth == {(3, 0), (20, 17), (1003, 1000)}
    assert check_same_rope_score(truth)
    assert check_same_rope_score([[3, 0], [20, 17], [1003, 1000]])
    with_reverse = check_same_rope_score(truth | {(7, 10)})
    assert not with_reverse and "other way round" in str(with_reverse)
    assert "2 positions apart" in str(check_same_rope_score({(40, 38)}))
    assert "left out" in str(check_same_rope_score({(3, 0), (20, 17)}))
    assert "not one of the choices" in str(check_same_rope_score({(5, 2)}))
    assert "expected a set" in str(check_same_rope_score(5))
    assert check_same_rope_score(...) is NO_ANSWER


def test_exercise_3_shift():
    def solution(row, k):  # the notebook's solution
        w = 1.0 / 10000 ** (torch.arange(0, 16, 2, dtype=torch.float32) / 16)
        b = k * w
        s, c = row[0::2], row[1::2]
        out = torch.empty_like(row)
        out[0::2] = s * torch.cos(b) + c * torch.sin(b)
        out[1::2] = c * torch.cos(b) - s * torch.sin(b)
        return out

    assert check_shift(solution)
    assert check_shift(lambda row, k: shift_sinusoidal(row, k))
    assert "unchanged" in str(check_shift(lambda row, k: row))
    assert "wrong way" in str(check_shift(lambda row, k: shift_sinusoidal(row, -k)))
    assert "is not PE" in str(check_shift(lambda row, k: row * 2))
    assert "shape" in str(check_shift(lambda row, k: row[:8]))
    assert "raised" in str(check_shift(lambda row: row))
    assert "expected a function" in str(check_shift(5))

    def not_written(row, k):
        ...

    assert check_shift(not_written) is NO_ANSWER
    assert check_shift(...) is NO_ANSWER
