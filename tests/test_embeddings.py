"""Token and position embeddings (helpers.embeddings), their exercise checks, figures and explorers."""

from __future__ import annotations

import math

import matplotlib
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import embeddings as E
from helpers import html_views
from helpers import plots as P
from helpers.widgets import EmbeddingLookupExplorer, PositionsExplorer

matplotlib.use("Agg")

NOTES_WEIGHT = [
    [0.3374, -0.1778, -0.1690],
    [0.9178, 1.5810, 1.3010],
    [1.2753, -0.2010, -0.1606],
    [-0.4015, 0.9666, -1.1481],
    [-1.1589, 0.3255, -0.6315],
    [-2.8400, -0.7849, -1.4096],
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    matplotlib.pyplot.close("all")


# --- token embeddings -------------------------------------------------------------------------


def test_seeded_layer_holds_the_notes_weights_and_leaves_the_global_seed_alone():
    torch.manual_seed(7)
    before = torch.random.get_rng_state()
    layer = E.seeded_token_embedding(6, 3, seed=123)
    assert torch.equal(torch.random.get_rng_state(), before)
    assert E.rounded(layer.weight) == NOTES_WEIGHT
    torch.manual_seed(123)
    plain = torch.nn.Embedding(6, 3)
    assert torch.equal(plain.weight, layer.weight)


def test_token_embedding_lookup_matches_the_notes():
    layer = E.seeded_token_embedding(6, 3)
    assert E.rounded(layer(torch.tensor([3]))) == [NOTES_WEIGHT[3]]
    assert E.rounded(layer(torch.tensor([2, 3, 5, 1]))) == [NOTES_WEIGHT[i] for i in (2, 3, 5, 1)]
    assert E.rounded(layer([2, 3])) == [NOTES_WEIGHT[2], NOTES_WEIGHT[3]]  # lists work too
    assert layer(4).shape == (3,)
    assert layer(torch.tensor([[1, 2], [3, 4]])).shape == (2, 2, 3)
    assert layer(torch.tensor([], dtype=torch.long)).shape == (0, 3)


@pytest.mark.parametrize("bad, number", [(6, "6"), (50257, "50257"), (-1, "-1")])
def test_out_of_range_ids_name_the_id_and_the_vocabulary_size(bad, number):
    layer = E.TokenEmbedding(6, 3)
    with pytest.raises(E.TokenIdOutOfRangeError) as info:
        layer(torch.tensor([2, bad, 1]))
    message = str(info.value)
    assert f"token id {number}" in message and "vocab_size=6" in message and "0 to 5" in message
    assert "at index 1" in message
    # catchable both as torch's IndexError and as bad input
    assert isinstance(info.value, IndexError) and isinstance(info.value, ValueError)


def test_out_of_range_message_says_how_large_the_vocabulary_must_be():
    with pytest.raises(E.TokenIdOutOfRangeError, match="vocab_size of at least 10"):
        E.check_token_ids([0, 9], 6)


def test_torch_alone_gives_the_cryptic_message_we_replace():
    torch.manual_seed(0)
    with pytest.raises(IndexError, match="index out of range in self"):
        torch.nn.Embedding(6, 3)(torch.tensor([6]))


@pytest.mark.parametrize("bad", [torch.tensor([1.0, 2.0]), torch.tensor([True]), [1.5, 2.0], "2, 3", True,
                                 None, [1, None], [[1, 2], [3]], {"a": 1}, 3.0])
def test_non_integer_ids_are_a_type_error(bad):
    with pytest.raises(TypeError, match="whole numbers|integer tensor"):
        E.TokenEmbedding(6, 3)(bad)


@pytest.mark.parametrize("args", [(0, 3), (6, 0), (6.0, 3), (6, "3"), (True, 3)])
def test_bad_sizes_are_refused(args):
    with pytest.raises((TypeError, ValueError), match="vocab_size|output_dim"):
        E.TokenEmbedding(*args)


def test_parse_token_ids():
    assert E.parse_token_ids("2, 3, 5, 1") == [2, 3, 5, 1]
    assert E.parse_token_ids(" 2 3,5 ") == [2, 3, 5]
    assert E.parse_token_ids("") == []
    with pytest.raises(ValueError, match="'x' is not a token id"):
        E.parse_token_ids("2, x")
    with pytest.raises(TypeError):
        E.parse_token_ids([2, 3])


def test_one_hot_times_weight_equals_lookup_in_values_and_gradients():
    weight = E.seeded_token_embedding(6, 3).weight
    ids = [2, 3, 5, 1]
    assert torch.allclose(E.one_hot_lookup(ids, weight), weight[ids])
    cmp = E.compare_lookup_and_one_hot(weight, ids)
    assert cmp.same_values and cmp.same_gradients
    assert E.rows_with_gradient(cmp.lookup_grad) == [1, 2, 3, 5]
    # a repeated id collects the gradient of both uses
    cmp = E.compare_lookup_and_one_hot(weight, [4, 0, 4, 2])
    assert cmp.lookup_grad[4].tolist() == [2.0, 2.0, 2.0]
    assert cmp.one_hot_grad[4].tolist() == [2.0, 2.0, 2.0]
    assert cmp.lookup_grad[1].tolist() == [0.0, 0.0, 0.0]
    # the weight passed in is not modified and gets no gradient
    assert weight.grad is None


def test_one_hot_lookup_checks_ids_and_weight():
    with pytest.raises(E.TokenIdOutOfRangeError, match="vocab_size=6"):
        E.one_hot_lookup([7], torch.zeros(6, 3))
    with pytest.raises(ValueError, match="weight matrix"):
        E.one_hot_lookup([1], torch.zeros(3))
    with pytest.raises(ValueError, match="weight matrix"):
        E.compare_lookup_and_one_hot([[1.0]], [0])


@settings(deadline=None, max_examples=40)
@given(
    vocab=st.integers(1, 30),
    dim=st.integers(1, 8),
    data=st.data(),
)
def test_property_lookup_equals_one_hot_product(vocab, dim, data):
    ids = data.draw(st.lists(st.integers(0, vocab - 1), min_size=1, max_size=12))
    gen = torch.Generator().manual_seed(len(ids) * 31 + vocab)
    weight = torch.randn(vocab, dim, generator=gen)
    upstream = torch.randn(len(ids), dim, generator=gen)
    cmp = E.compare_lookup_and_one_hot(weight, ids, upstream)
    assert torch.allclose(cmp.lookup, cmp.one_hot, atol=1e-6)
    assert torch.allclose(cmp.lookup_grad, cmp.one_hot_grad, atol=1e-5)
    assert E.rows_with_gradient(cmp.lookup_grad) == sorted(
        i for i in set(ids) if upstream[[k for k, j in enumerate(ids) if j == i]].sum(0).ne(0).any())


# --- learned positions ------------------------------------------------------------------------


def test_position_embedding_gives_one_vector_per_position():
    torch.manual_seed(123)
    layer = E.PositionEmbedding(4, 256)
    assert layer(4).shape == (4, 256)
    assert torch.equal(layer(4), layer(torch.arange(4)))
    assert torch.equal(layer(2), layer.weight[:2])


def test_sequence_longer_than_context_names_both_sizes():
    layer = E.PositionEmbedding(4, 8)
    for call in (lambda: layer(5), lambda: layer(torch.arange(6))):
        with pytest.raises(E.ContextLengthError) as info:
            call()
        assert "context_length=4" in str(info.value)
        assert "tokens" in str(info.value)
    with pytest.raises(E.ContextLengthError, match="the sequence has 5 tokens.*context_length=4"):
        layer(5)
    with pytest.raises(ValueError, match="0 or more"):
        layer(torch.tensor([-1]))
    with pytest.raises(E.ContextLengthError, match="position 5 is past the end.*context_length=4"):
        layer(torch.tensor([[0, 1], [2, 5]]))
    with pytest.raises(TypeError, match="positions must be whole numbers"):
        layer(None)


def test_gpt_input_embedding_adds_positions_with_broadcasting():
    torch.manual_seed(123)
    model = E.GPTInputEmbedding(50257, 4, 256)
    ids = torch.tensor([[40, 367, 2885, 1464], [1807, 3619, 402, 271]])
    out = model(ids)
    assert out.shape == (2, 4, 256)
    for b in range(2):
        assert torch.allclose(out[b] - model.tok_emb(ids[b]), model.pos_emb.weight, atol=1e-6)
    assert model(ids[:, :3]).shape == (2, 3, 256)  # shorter sequences use the first positions
    with pytest.raises(E.ContextLengthError, match="6 tokens.*context_length=4"):
        model(torch.zeros(2, 6, dtype=torch.long))
    with pytest.raises(E.TokenIdOutOfRangeError, match="50257"):
        model(torch.tensor([[50257, 0]]))
    with pytest.raises(ValueError, match="one id"):
        model(5)


# --- fixed encodings --------------------------------------------------------------------------


def test_sinusoidal_follows_the_formula():
    pe = E.sinusoidal_encoding(50, 16)
    assert pe.shape == (50, 16) and pe.dtype == torch.float32
    for pos in (0, 1, 17, 49):
        for i in range(8):
            w = 1 / 10000 ** (2 * i / 16)
            assert math.isclose(pe[pos, 2 * i], math.sin(pos * w), abs_tol=1e-6)
            assert math.isclose(pe[pos, 2 * i + 1], math.cos(pos * w), abs_tol=1e-6)


def test_even_dimensions_are_required_with_a_suggestion():
    with pytest.raises(ValueError, match="must be even.*got 7; use 6 or 8"):
        E.sinusoidal_encoding(10, 7)
    with pytest.raises(ValueError, match="must be even"):
        E.apply_rope(torch.zeros(3, 5))


def test_rope_keeps_lengths_and_position_zero_is_the_identity():
    x = torch.randn(2, 6, 8, generator=torch.Generator().manual_seed(1))
    y = E.apply_rope(x)
    assert torch.allclose(y.norm(dim=-1), x.norm(dim=-1), atol=1e-5)
    assert torch.allclose(y[:, 0], x[:, 0])
    with pytest.raises(ValueError, match="positions"):
        E.apply_rope(x, positions=[0, 1])
    with pytest.raises(TypeError):
        E.apply_rope(torch.zeros(3, 4, dtype=torch.long))
    with pytest.raises(ValueError, match="shape"):
        E.apply_rope(torch.zeros(4))


@settings(deadline=None, max_examples=40)
@given(m=st.integers(0, 200), n=st.integers(0, 200), shift=st.integers(0, 300),
       half=st.integers(1, 16), seed=st.integers(0, 1000))
def test_property_rope_score_depends_only_on_the_offset(m, n, shift, half, seed):
    q, k = torch.randn(2, 1, 2 * half, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    a = (E.apply_rope(q, [m]) * E.apply_rope(k, [n])).sum()
    b = (E.apply_rope(q, [m + shift]) * E.apply_rope(k, [n + shift])).sum()
    assert math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def test_rope_pattern_is_the_rotated_unit_pairs():
    table = E.rope_pattern(10, 8)
    w = E.frequencies(8)
    assert torch.allclose(table[:, 0::2], torch.cos(torch.arange(10.0)[:, None] * w).float(), atol=1e-6)
    assert torch.allclose(table[:, 1::2], torch.sin(torch.arange(10.0)[:, None] * w).float(), atol=1e-6)


# --- similarity by distance -----------------------------------------------------------------


def test_which_kinds_depend_only_on_distance():
    def only_distance(scores):
        queries, span = E.explorer_queries(32)
        return E.causal_curves(scores, queries, span).only_distance()

    summary = {
        kind: {"position similarity": only_distance(E.position_similarity(kind, 32, 16, 123)),
               "token score": only_distance(E.position_scores(kind, 32, 16, 123))}
        for kind in E.KINDS
    }
    assert summary == {
        "learned": {"position similarity": False, "token score": False},
        "sinusoidal": {"position similarity": True, "token score": False},
        "rotary": {"position similarity": True, "token score": True},
    }


def test_causal_curves_read_keys_before_each_query():
    scores = torch.tensor([[float(10 * m + n) for n in range(4)] for m in range(4)])
    c = E.causal_curves(scores, (2, 3), 2)
    assert c.distance == [0, 1, 2] and c.curves == {2: [22.0, 21.0, 20.0], 3: [33.0, 32.0, 31.0]}
    assert c.max_gap == 11.0 and not c.only_distance()
    toeplitz = torch.tensor([[float(n - m) for n in range(5)] for m in range(5)])
    assert E.causal_curves(toeplitz, (2, 3, 4), 2).only_distance()
    with pytest.raises(ValueError, match="square"):
        E.causal_curves(torch.zeros(2, 3), (1,), 1)


def test_kind_is_checked():
    with pytest.raises(ValueError, match="learned, sinusoidal, rotary"):
        E.position_table("absolute", 4, 4)


# --- figures ---------------------------------------------------------------------------------


def test_figures_draw_from_real_data():
    weight = E.seeded_token_embedding(6, 3).weight
    fig = P.draw_embedding_lookup(weight, [2, 3, 5, 1])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("-2.8400") == 2  # in the table and in the output
    assert "output row 2 (id 5)" in texts
    fig = P.draw_broadcast_add(torch.randn(8, 4, 256), torch.randn(4, 256))
    assert len(fig.axes) == 9 and "(8, 4, 256) + (4, 256)" in fig._suptitle.get_text()
    fig = P.draw_position_tables({k: E.position_table(k, 16, 8) for k in E.KINDS})
    assert len(fig.axes) == 6  # three heat maps, three colour bars


def test_bag_of_vectors_figure_shows_rows_in_order_and_the_sum():
    layer = E.seeded_token_embedding(3, 4)
    a, b = layer([0, 1, 2]), layer([2, 1, 0])
    fig = P.draw_bag_of_vectors({"abc": (["a", "b", "c"], a), "cba": (["c", "b", "a"], b)})
    left, right = fig.axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["0: a", "1: b", "2: c", "sum"]
    total = [f"{v:.2f}" for v in a.sum(0).tolist()]
    for ax in (left, right):
        texts = [t.get_text() for t in ax.texts]
        assert texts[-4:] == total  # the sum row is the same for both orders


def test_lookup_html_marks_picked_rows():
    weight = E.seeded_token_embedding(6, 3).weight
    page = html_views.embedding_lookup_html(weight, [2, 3, 2], output_text="out")
    assert page.count("data-picked='1'") == 2
    assert "output rows 0, 2" in page and "<pre class='t2t-output'" in page


# --- explorers driven from Python -------------------------------------------------------------


def test_lookup_explorer_follows_its_controls():
    ex = EmbeddingLookupExplorer()
    assert repr(ex) == "EmbeddingLookupExplorer(vocab_size=6, output_dim=3, ids='2, 3, 5, 1')"
    assert E.rounded(ex.output) == [NOTES_WEIGHT[i] for i in (2, 3, 5, 1)]
    assert ex.view.value.count("data-picked='1'") == 4 and "-2.8400" in ex.view.value
    ex.ids.value = "0, 0"
    assert ex.view.value.count("data-picked='1'") == 1 and ex.output.shape == (2, 3)
    ex.output_dim.value = 5
    assert ex.weight.shape == (6, 5) and ex.output.shape == (2, 5)
    ex.vocab_size.value = 20
    assert ex.view.value.count("class='t2t-row'") == 20
    assert torch.equal(ex.weight, E.seeded_token_embedding(20, 5).weight)


def test_lookup_explorer_shows_clear_errors_for_impossible_settings():
    ex = EmbeddingLookupExplorer()
    ex.vocab_size.value = 4  # id 5 no longer exists
    assert ex.output is None and isinstance(ex.error, E.TokenIdOutOfRangeError)
    assert "TokenIdOutOfRangeError: token id 5" in ex.view.value and "vocab_size=4" in ex.view.value
    assert "data-picked" not in ex.view.value
    ex.ids.value = "1, two"
    assert "ValueError: &#x27;two&#x27; is not a token id" in ex.view.value
    ex.ids.value = "-3"
    assert "is negative" in ex.view.value
    ex.ids.value = "1"
    assert ex.error is None and ex.view.value.count("data-picked='1'") == 1
    with pytest.raises(ValueError, match="vocab_size"):
        EmbeddingLookupExplorer(vocab_size=0)
    with pytest.raises(TypeError, match="ids must be text"):
        EmbeddingLookupExplorer(ids=[1, 2])


def test_positions_explorer_follows_its_controls():
    ex = PositionsExplorer(kind="rotary", context_length=16, dim=8)
    assert repr(ex) == "PositionsExplorer(kind='rotary', context_length=16, dim=8, measure='token score')"
    assert "data-only-distance='1'" in ex.summary.value and "<svg" in ex.figure.value
    assert "aria-label='rotary rotation angles and causal token score by distance'" in ex.figure.value
    # causal pairs as in the notebook: three queries ending at the last position, keys before them
    assert list(ex.curves.curves) == [5, 10, 15] and ex.curves.distance == list(range(6))
    assert torch.equal(ex.table, E.rope_angles(16, 8))  # the rotation angles, not a made-up table
    assert ex.curves == E.causal_curves(E.position_scores("rotary", 16, 8), (5, 10, 15), 5)
    ex.kind.value = "sinusoidal"
    assert "data-only-distance='0'" in ex.summary.value and "data-kind='sinusoidal'" in ex.summary.value
    assert "aria-label='sinusoidal positions and causal token score by distance'" in ex.figure.value
    assert torch.equal(ex.table, E.sinusoidal_encoding(16, 8))
    ex.measure.value = "position similarity"
    assert "data-only-distance='1'" in ex.summary.value
    ex.kind.value = "learned"
    assert "data-only-distance='0'" in ex.summary.value
    ex.context_length.value = 64
    assert ex.curves == E.causal_curves(E.position_similarity("learned", 64, 8), (21, 42, 63), 21)


def test_explorer_queries_match_the_notebook_and_refuse_too_few_positions():
    assert E.explorer_queries(64) == ((21, 42, 63), 21)  # notebook 08's own figure
    assert E.explorer_queries(4) == ((1, 2, 3), 1)
    with pytest.raises(ValueError, match="at least 4; got 3"):
        E.explorer_queries(3)


def test_rope_angles_are_position_times_frequency():
    angles = E.rope_angles(5, 8)
    assert angles.shape == (5, 4)
    assert torch.allclose(angles[3], 3 * E.frequencies(8))
    # turning the pair (1, 0) by these angles gives rope_pattern: the angles are what RoPE applies
    pattern = E.rope_pattern(5, 8).double()
    assert torch.allclose(pattern[:, 0::2], torch.cos(angles), atol=1e-6)
    assert torch.allclose(pattern[:, 1::2], torch.sin(angles), atol=1e-6)


def test_causal_curves_only_distance():
    flat = E.causal_curves(E.position_scores("rotary", 16, 8), (5, 10, 15), 5)
    assert flat.only_distance()
    assert not E.causal_curves(E.position_scores("sinusoidal", 16, 8), (5, 10, 15), 5).only_distance()


def test_positions_explorer_reports_impossible_settings():
    ex = PositionsExplorer(kind="sinusoidal", context_length=8, dim=8)
    ex.dim.value = 7  # an odd dimension set from code
    assert "ValueError: dim must be even" in ex.summary.value and ex.figure.value == ""
    assert ex.table is None and ex.curves is None
    ex.kind.value = "learned"  # learned tables work with any dimension
    assert ex.error is None and "<svg" in ex.figure.value
    with pytest.raises(ValueError, match="kind must be one of"):
        PositionsExplorer(kind="absolute")
    with pytest.raises(ValueError, match="measure"):
        PositionsExplorer(measure="cosine")
    with pytest.raises(ValueError, match="context_length"):
        PositionsExplorer(context_length=0)
    with pytest.raises(ValueError, match="at least 4"):
        PositionsExplorer(context_length=3)
