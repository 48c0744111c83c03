"""Notebook 05: its teaching cells (the toy merge) agree with ``helpers``, and its exercise checks
answer right, wrong and not-yet-answered the way a learner needs."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import pytest
from teaching import teaching_namespace

from helpers.bpe_simple import merge_pair
from helpers.exercises import check_many_tokens, check_toy_merges, check_world_counts
from helpers.exercises.feedback import NO_ANSWER, Feedback
from helpers.exercises.nb05_bpe import TOY_TEXT, WORLD_VARIANTS, toy_merges
from helpers.plots.tokens import byte_label

NOTEBOOK = "05_byte_pair_encoding.ipynb"


def says(feedback: Feedback, *words: str) -> bool:
    return not feedback and all(w in str(feedback) for w in words)


@pytest.fixture(scope="module")
def taught():
    return teaching_namespace(NOTEBOOK, Counter=Counter, pairwise=pairwise)


def test_the_toy_is_the_text_the_check_uses(taught):
    assert taught["toy"] == TOY_TEXT
    assert taught["merged"] == merge_pair(list(TOY_TEXT.encode("utf-8")), (0x75, 0x67), 256)


@pytest.mark.parametrize("text", ["aaab aaab", "hug pug hugs pugs", "€€ 🫖🫖"])
def test_notebook_merge_equals_helpers_on_small_texts(taught, text):
    ids = list(text.encode("utf-8"))
    for pair in Counter(pairwise(ids)):  # every pair, overlapping ones ("aaa") included
        assert taught["merge"](ids, pair, 300) == merge_pair(ids, pair, 300)


def test_notebook_merge_equals_helpers_on_the_verdict(taught, verdict):
    ids = list(verdict.encode("utf-8"))
    for pair, _ in Counter(pairwise(ids)).most_common(5):
        assert taught["merge"](ids, pair, 256) == merge_pair(ids, pair, 256)


def test_our_gpt2_tokenizer_equals_tiktoken_on_the_notebooks_example(gpt2_encoding):
    from helpers.bpe import BPETokenizer

    text = "Hello, do you like tea? <|endoftext|> In the sunlit terraces of someunknownPlace."
    ours = BPETokenizer.gpt2().encode(text, allowed_special={"<|endoftext|>"})
    assert ours == gpt2_encoding.encode(text, allowed_special={"<|endoftext|>"})


def test_the_facts_the_notebook_states(gpt2_encoding):
    enc = gpt2_encoding
    assert enc.decode_single_token_bytes(0) == b"!" and enc.decode_single_token_bytes(104) == b"\xab"
    assert enc.decode_single_token_bytes(12520) == b" \xf0\x9f" and enc.encode(" 🫖") == [12520, 104, 244]
    assert enc.decode_single_token_bytes(256) == b" t"
    byte_ids = {enc.decode_single_token_bytes(i)[0]: i for i in range(256)}
    assert sorted(byte_ids) == list(range(256)) and byte_ids[0x20] == 220 and byte_ids[0x0A] == 198
    assert [len(enc.encode(w)) for w in WORLD_VARIANTS] == [1, 1, 1, 2]
    # no token of two or more spaces: each space of an indentation is a token
    assert [i for i in range(enc.n_vocab - 1) if set(enc.decode_single_token_bytes(i)) == {0x20}] == [220]


def test_byte_labels_show_hex_for_pieces_of_a_character():
    assert byte_label(b" \xf0\x9f") == ("20 F0 9F", False)
    assert byte_label(b" tea") == ("\u2423tea", True)


# --- the exercises ------------------------------------------------------------------------------------


@pytest.mark.parametrize("check", [check_toy_merges, check_world_counts, check_many_tokens])
def test_no_answer_yet(check):
    assert check(...) is NO_ANSWER


def test_check_toy_merges(taught):
    # the solution in the notebook
    merge, ids, new_id = taught["merge"], list(TOY_TEXT.encode("utf-8")), 256
    while True:
        pair, count = Counter(pairwise(ids)).most_common(1)[0]
        if count < 2:
            break
        ids, new_id = merge(ids, pair, new_id), new_id + 1
    assert ids == [257, 259, 32, 257, 115, 259, 115]
    assert check_toy_merges(ids) and "7 tokens after 4 merges" in str(check_toy_merges(ids))
    assert check_toy_merges(toy_merges(smallest_pair_wins=True)[0])  # the other tie rule is fine too
    assert says(check_toy_merges(list(TOY_TEXT.encode("utf-8"))), "no merge was applied")
    assert says(check_toy_merges(taught["merged"]), "a pair still occurs 2 times")
    assert says(check_toy_merges([256, 257, 32, 256, 115, 257, 115]), "right number of tokens", "256, 257")
    assert says(check_toy_merges([256, 257]), "fewer than merging can give")
    assert says(check_toy_merges("hug"), "list of ids")


def test_check_world_counts():
    assert check_world_counts([1, 1, 1, 2])
    assert "'WORLD' is rarer" in str(check_world_counts([1, 1, 1, 2]))
    assert check_world_counts({" World": 1, "World": 1, "world": 1, "WORLD": 2})
    assert says(check_world_counts([1, 1, 1, 1]), "1 of your 4 numbers is off", "'WORLD'")
    assert says(check_world_counts([2, 1, 1, 5]), "2 of your 4 numbers are off", "' World'")
    assert says(check_world_counts([1, 1, 1]), "four whole numbers")
    assert says(check_world_counts("1113"), "four whole numbers")


def test_draw_token_bytes_draws_to_scale_and_says_what_is_wrong():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from helpers.plots import draw_token_bytes

    ax = Figure().subplots()
    assert draw_token_bytes([b"Hello", b" \xf0\x9f", b"\xab"], [15496, 12520, 104], ax=ax) is ax.figure
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [1, 3, 5]  # one unit per byte
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["part of a character: its bytes in hex"]
    with pytest.raises(ValueError, match="2 ids for 1 tokens"):
        draw_token_bytes([b"a"], [1, 2], ax=Figure().subplots())


def test_draw_token_bytes_keeps_ids_apart_and_tints_by_identity():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.plots import draw_token_bytes
    from helpers.style import token_tints

    pieces = [b"tea", b"?", b" ", b"<|endoftext|>", b"?"]
    ids = [8887, 30, 220, 50256, 30]
    fig = draw_token_bytes(pieces, ids, bytes_per_line=46)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts if t.get_text() in {str(i) for i in ids}]
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
    gaps = [right.x0 - left.x1 for left, right in pairwise(boxes)]
    assert min(gaps) > 12, gaps  # pixels between neighbouring id labels, even under 1-byte boxes
    faces = [matplotlib.colors.to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    # tinted by identity with the same function as draw_token_pieces
    assert faces == [matplotlib.colors.to_hex(c) for c in token_tints(pieces)]
    plt.close(fig)


def test_exercise_2_answers_are_not_on_the_page_above_it():
    import json
    from pathlib import Path

    notebook = Path(__file__).parent.parent / "notebooks" / "05_byte_pair_encoding.ipynb"
    sources = ["".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]]
    exercise = next(i for i, s in enumerate(sources) if s.startswith("answer = ...") and "world_counts" in s)
    above = "\n".join(sources[:exercise - 1])  # every cell before the exercise's own text
    assert not re.search(r"\bworld\b", above, re.IGNORECASE)  # (check_world_counts is no answer)
