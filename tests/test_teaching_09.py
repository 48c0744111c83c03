"""Notebook 09's own BPE code equals ``helpers``, its numbers are what the prose says, and its checks work.

The notebook builds BPE in cells tagged ``teaching`` (count pairs, merge, the training loop with two tie
rules, encode and decode). Here they run as plain Python (``tests/teaching.py``) and are compared with
``helpers.bpe_simple``, ``helpers.bpe_fast``, ``helpers.bpe.BPETokenizer`` and tiktoken on the story.
"""

from __future__ import annotations

import random

import matplotlib
import pytest
from teaching import teaching_namespace

from helpers.bpe import BPETokenizer, tokens_per_word
from helpers.bpe_fast import train_fast
from helpers.bpe_simple import merge_pair, pretokenize, train_simple
from helpers.exercises import check_broken_tokens, check_first_merges, check_floor
from helpers.exercises.feedback import NO_ANSWER, Feedback

NOTEBOOK = "09_bpe_from_scratch.ipynb"


def says(feedback: Feedback, *words: str) -> bool:
    return not feedback and all(w in str(feedback) for w in words)


@pytest.fixture(scope="module")
def ns():
    return teaching_namespace(NOTEBOOK)


@pytest.fixture(scope="module")
def gpt2():
    return BPETokenizer.gpt2()


# --- the teaching cells equal helpers ---------------------------------------------------------------


def test_merge_equals_helpers_merge_pair(ns):
    rng = random.Random(0)
    for _ in range(300):
        ids = [rng.choice([1, 2, 3]) for _ in range(rng.randrange(0, 12))]
        pair = (rng.choice([1, 2]), rng.choice([1, 2]))
        assert ns["merge"](ids, pair, 9) == merge_pair(ids, pair, 9)
    assert ns["merge"]([97, 97, 97], (97, 97), 256) == [256, 97]  # "aaa": counted twice, merged once
    assert ns["count_pairs"]([[97, 97, 97]])[(97, 97)] == 2


def test_training_loop_equals_helpers_trainers(ns, verdict):
    merges = list(ns["merges"])  # the notebook's 60 merges, smaller ids winning ties
    assert len(merges) == 60
    assert merges == train_simple(verdict, 60)[0] == train_fast(verdict, 60)[0]
    assert BPETokenizer().train(verdict, 256 + 60 + 1).merges == merges
    for toy in ("aaabdaaabac", "hug pug pun bun hugs"):
        assert list(ns["train_bpe"](toy, 4)[0]) == train_simple(toy, 4)[0]


def test_encode_and_decode_equal_helpers(ns, verdict):
    tok = BPETokenizer().train(verdict, vocab_size=1000)
    ranks = {pair: 256 + i for i, pair in enumerate(tok.merges)}
    ids = ns["encode"](verdict, ranks)
    assert ids == tok.encode(verdict)
    assert ns["decode"](ids, tok.vocab) == tok.decode(ids) == verdict


def test_encode_with_gpt2_merges_equals_tiktoken(ns, verdict, gpt2, gpt2_encoding):
    to_ours = {gpt2.byte_ids[b]: b for b in range(256)}
    merges = {(to_ours.get(a, a), to_ours.get(b, b)): 256 + i for i, (a, b) in enumerate(gpt2.merges)}
    tricky = "Ünïcödé façade, naïve café? 東京 2024年! It's 3.14...  \t\n\n  indented\r\n🫖🎉 'q' WE'LL"
    for text in (verdict, tricky):
        ours = [gpt2.byte_ids[i] if i < 256 else i for i in ns["encode"](text, merges)]
        assert ours == gpt2_encoding.encode(text) == gpt2.encode(text)


# --- the claims the prose makes ---------------------------------------------------------------------


def test_the_toy_by_hand(ns):
    for rule, tokens in (("smallest_ids", [b"aa", b"ab", b"aaab"]), ("first_seen", [b"aa", b"aaa", b"aaab"])):
        merges, vocab = ns["train_bpe"]("aaabdaaabac", 3, pick=ns[rule])
        assert [vocab[i] for i in merges.values()] == tokens


def test_tie_rules_first_disagree_at_merge_31_on_a_tie_of_102(ns, verdict):
    _, counts = train_simple(verdict, 31)
    assert [bytes(ns["vocab"][i]) for i in ns["merges"].values()][30] == b"on"
    assert [ns["vocab_fs"][i] for i in ns["merges_fs"].values()][30] == b" of"
    assert counts[29:31] == [103, 102]  # merge 31's pair, o + n, and " o" + f: both seen 102 times
    assert set(ns["vocab"][i] for i in ns["merges"].values()) == set(
        ns["vocab_fs"][i] for i in ns["merges_fs"].values())


def test_floor_and_gpt2_reference(verdict, gpt2_encoding):
    words = len(verdict.split())
    pre = len(pretokenize(verdict))
    assert (pre, words) == (4781, 3634) and round(pre / words, 2) == 1.32
    assert round(len(gpt2_encoding.encode(verdict)) / words, 2) == 1.42
    full = BPETokenizer().train(verdict, vocab_size=10_000)
    per_word = tokens_per_word(full.log)
    assert len(full.merges) == 2517 and per_word[-1] == pre / words
    assert [round(per_word[k], 2) for k in (0, 100, 743)] == [5.64, 3.21, 1.93]
    gpt2_per_word = len(gpt2_encoding.encode(verdict)) / words
    assert next(k for k, v in enumerate(per_word) if v < gpt2_per_word) == 2154


def test_chinese_costs_more(gpt2):
    notes = "BPE解码器可以处理任何没有见过的词汇。"
    english = "The BPE decoder can handle any word it has never seen."
    assert (len(notes), len(gpt2.encode(notes))) == (20, 40)
    assert (len(english), len(gpt2.encode(english))) == (54, 14)


# --- the exercises' checks --------------------------------------------------------------------------


def test_check_first_merges(ns):
    merges, vocab = ns["train_bpe"]("hug pug pun bun hugs", 2)
    answer = [(vocab[a].decode(), vocab[b].decode()) for a, b in merges]  # as the solution computes it
    assert answer == [("u", "g"), (" ", "p")]
    assert check_first_merges(answer)
    assert says(check_first_merges([("u", "g"), ("h", "ug")]), "first-seen rule")
    assert says(check_first_merges([("h", "u"), ("u", "g")]), "merge 1")
    assert says(check_first_merges([("u", "g"), ("u", "n")]), "merge 2")
    assert says(check_first_merges(("u", "g")), "list of two pairs")
    assert check_first_merges(...) == NO_ANSWER


def test_check_floor(verdict):
    assert check_floor(round(len(pretokenize(verdict)) / len(verdict.split()), 2))
    assert check_floor(1.3156)
    assert says(check_floor(1), "more than one pre-token")
    assert says(check_floor(4781), "tokens per word")
    assert says(check_floor(1.42), "not where the curve ends")
    assert says(check_floor("1.32"), "a number")
    assert check_floor(...) == NO_ANSWER


def test_check_broken_tokens(gpt2):
    broken = 0
    for i in range(gpt2.n_vocab):  # as the solution counts
        try:
            gpt2.token_bytes(i).decode("utf-8")
        except UnicodeDecodeError:
            broken += 1
    assert broken == 344
    assert check_broken_tokens(broken)
    assert says(check_broken_tokens(128), "only the single bytes")
    assert says(check_broken_tokens(216), "leaves out the single bytes")
    assert says(check_broken_tokens(50257), "not the count")
    assert says(check_broken_tokens(344.0), "an int")
    assert check_broken_tokens(...) == NO_ANSWER


# --- the figure and the widget the notebook uses ----------------------------------------------------


def test_tokens_per_word_figure_draws_floor_and_reference():
    from helpers.plots import draw_tokens_per_word

    fig = draw_tokens_per_word([5.0, 3.0, 2.0, 1.5], marks=[0, 3], floor=1.3, references={"GPT-2": 1.4})
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["BPE trained on this text", "floor: one token per pre-token (1.30)", "GPT-2 (1.40)"]
    assert [line.get_linestyle() for line in ax.lines[-2:]] == ["--", ":"]
    old = draw_tokens_per_word([2.0, 1.5, 1.2], marks=[1]).axes[0]  # as before: a line at 1, no legend
    assert old.get_legend() is None and list(old.lines[-1].get_ydata()) == [1.0, 1.0]
    matplotlib.pyplot.close("all")


def test_tokens_per_word_figure_marks_an_event_and_keeps_end_labels_below_the_lines():
    from helpers.plots import draw_tokens_per_word

    curve = [5.0, 3.0, 2.0, 1.6, 1.45, 1.38, 1.3]
    fig = draw_tokens_per_word(curve, marks=[0, 6], floor=1.3, references={"GPT-2": 1.4},
                               events={5: "5 merges: first below GPT-2"})
    ax = fig.axes[0]
    texts = {t.get_text(): t for t in ax.texts}
    assert "5 merges: first below GPT-2" in texts  # the event is labelled on the plot
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    assert [(list(d.get_xdata()), list(d.get_ydata())) for d in diamonds] == [([5], [1.38])]
    end = texts["6 merges: 1.30"]  # right half: below its point, clear of the floor and GPT-2 lines
    assert end.get_position()[1] < 0 and end.get_va() == "top"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["BPE trained on this text", "floor: one token per pre-token (1.30)", "GPT-2 (1.40)"]
    matplotlib.pyplot.close("all")


def test_stepper_as_the_notebook_uses_it(verdict):
    from helpers.widgets import BPEStepper

    tok = BPETokenizer().train(verdict, vocab_size=1000)
    stepper = BPEStepper(tok, verdict[:300], step=4)
    assert repr(stepper) == "BPEStepper(merges=743, step=4, passage of 300 chars)"
    stepper.forward.click()
    assert stepper.step == 5 and stepper.summary["new"] == " h"
