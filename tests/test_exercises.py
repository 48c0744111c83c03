"""The checks behind every exercise, in notebook order.

Each check gets a right answer (computed here the way the notebook's solution computes it), the wrong
answers a learner is likely to give (each must get its own message or hint), and the untouched
``...`` placeholder, which every check answers the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from helpers import exercises, word2vec
from helpers.exercises.feedback import NO_ANSWER, Feedback, check, right, wrong
from helpers.exercises.nb01_word2vec import check_embedding_weights
from helpers.exercises.nb02_tokenizing import CODE_EXAMPLE
from helpers.exercises.nb03_token_ids import UNKNOWN_SENTENCE
from helpers.sampling import create_dataloader_v1
from helpers.tokenizers import build_vocab, split_text

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECKS = [name for name in exercises.__all__ if name.startswith("check_")]
BOOK_PATTERN = r'([,.:;?_!"()\']|--|\s)'


def says(feedback: Feedback, *words: str) -> bool:
    """True when the feedback is a "Not yet" that mentions every one of ``words``."""
    return not feedback and all(w in str(feedback) for w in words)


# --- what every check shares ------------------------------------------------------------------------


def test_feedback_prints_one_verdict_and_is_truthy_only_when_right():
    assert right("12 tokens.") and str(right("12 tokens.")) == "Correct! 12 tokens."
    assert not wrong("too few.") and repr(wrong("too few.")) == "Not yet: too few."
    assert str(wrong("too few.", "Split on --.")) == "Not yet: too few.\nHint: Split on --."
    assert str(right()) == "Correct! Well done."


def test_check_answers_the_placeholder_and_passes_everything_else_on():
    seen = []

    @check
    def check_echo(answer, bonus=0):
        """Doc of the judge."""
        seen.append(answer)
        return right(f"{answer} {bonus}")

    assert check_echo(...) is NO_ANSWER and check_echo(None) is NO_ANSWER
    assert seen == []
    assert str(check_echo(0, bonus=2)) == "Correct! 0 2" and check_echo("") and seen == [0, ""]
    assert check_echo.__name__ == "check_echo" and check_echo.__doc__ == "Doc of the judge."


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("placeholder", [..., None])
def test_every_check_says_there_is_no_answer_yet(name, placeholder):
    feedback = getattr(exercises, name)(placeholder)
    assert feedback == NO_ANSWER and not feedback
    assert str(feedback) == ("Not yet: there is no answer yet.\n"
                             "Hint: Replace the `...` with your answer and run the cell.")


def checks_called_by_notebook() -> dict[str, set[str]]:
    """Notebook number -> the exercise checks its code cells call."""
    called = {}
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        called[path.name[:2]] = set(re.findall(r"\b(check_\w+)\(", code)) & set(CHECKS)
    return called


def test_each_check_lives_in_the_module_of_the_notebook_that_calls_it():
    called = checks_called_by_notebook()
    assert sorted(name for names in called.values() for name in names) == sorted(CHECKS)
    for number, names in called.items():
        for name in names:
            module = getattr(exercises, name).__module__
            assert module.startswith(f"helpers.exercises.nb{number}_"), (name, module)


def test_checks_are_listed_in_notebook_order():
    modules = [getattr(exercises, name).__module__ for name in CHECKS]
    assert modules == sorted(modules)
    assert exercises.Feedback is Feedback and Feedback is Feedback


# --- 01 embeddings and word2vec ---------------------------------------------------------------------

SOLUTION_PAIRS = [("the", "cat"), ("cat", "the"), ("cat", "sat"), ("sat", "cat"), ("sat", "on"),
                  ("on", "sat"), ("on", "the"), ("the", "on"), ("the", "mat"), ("mat", "the")]


def test_check_context_pairs():
    assert exercises.check_context_pairs(SOLUTION_PAIRS)
    assert exercises.check_context_pairs(list(reversed(SOLUTION_PAIRS)))  # order does not matter
    missing = exercises.check_context_pairs(SOLUTION_PAIRS[:-1])
    assert says(missing, "1 pair(s) missing", "Hint:")
    assert says(exercises.check_context_pairs(SOLUTION_PAIRS + [("the", "sat")]), "1 pair(s) too many")
    assert says(exercises.check_context_pairs(SOLUTION_PAIRS + [("cat", "cat")]), "never its own context")
    assert says(exercises.check_context_pairs(5), "expected a list of (centre, context) pairs")
    # the pairs for window=2 are not the answer for window=1
    assert not exercises.check_context_pairs(word2vec.context_pairs("the cat sat on the mat".split(), 2))


def test_check_gpt2_medium_embedding(gpt2_encoding):
    vocab = gpt2_encoding.n_vocab
    assert exercises.check_gpt2_medium_embedding(vocab * 1024)
    assert says(exercises.check_gpt2_medium_embedding(vocab + 1024), "adds the two sizes")
    assert says(exercises.check_gpt2_medium_embedding(vocab * 768), "GPT-2 small", "1024 dimensions")
    assert says(exercises.check_gpt2_medium_embedding("51463168"), "whole number")
    assert says(exercises.check_gpt2_medium_embedding(51_000_000), f"not the size of a {vocab} x 1024")


@pytest.mark.parametrize("dim", [3, 768, 1024])
def test_check_embedding_weights_counts_vocabulary_times_dimension(dim, gpt2_encoding):
    vocab = gpt2_encoding.n_vocab
    weights = torch.nn.Embedding(vocab, dim).weight.numel()
    near = {2 * dim: "a matrix twice as wide"}
    assert check_embedding_weights(weights, dim, model="M", near_misses=near)
    assert check_embedding_weights(float(weights), dim, model="M", near_misses=near)
    assert check_embedding_weights(np.int64(weights), dim, model="M", near_misses=near)
    assert says(check_embedding_weights(vocab * 2 * dim, dim, model="M", near_misses=near),
                "that is a matrix twice as wide", f"M uses {dim} dimensions")
    assert says(check_embedding_weights(vocab + dim, dim, model="M", near_misses=near), "adds")
    for not_whole in (weights + 0.5, float("nan"), float("inf"), True, "many", [weights]):
        assert says(check_embedding_weights(not_whole, dim, model="M", near_misses=near), "whole number")
    assert check_embedding_weights(..., dim, model="M", near_misses=near) is NO_ANSWER



# --- 02 tokenizing text -----------------------------------------------------------------------------


def test_check_code_tokens():
    sol = [i for i in re.split(BOOK_PATTERN, CODE_EXAMPLE) if i]
    assert exercises.check_code_tokens(sol)
    assert exercises.check_code_tokens(split_text(CODE_EXAMPLE, keep_whitespace=True))
    assert says(exercises.check_code_tokens(split_text(CODE_EXAMPLE)), "lost")
    assert says(exercises.check_code_tokens(re.split(r"(\s)", CODE_EXAMPLE)), "not cut as the regex")


# --- 03 token ids -----------------------------------------------------------------------------------


def test_check_unknown_words(verdict):
    vocab = build_vocab(split_text(verdict))
    sol = [t for t in split_text(UNKNOWN_SENTENCE) if t not in vocab]
    assert sol == ["dog", "Paris", "yesterday"]
    assert exercises.check_unknown_words(sol)
    assert exercises.check_unknown_words(set(sol))
    assert says(exercises.check_unknown_words(["Jack", "dog", "Paris"]), "['Jack'] are in the vocabulary")
    assert says(exercises.check_unknown_words(["dog"]), "there are 3 unknown words")
    assert says(exercises.check_unknown_words("dog Paris yesterday"), "list (or set)")


# --- 04 special context tokens ----------------------------------------------------------------------


# The checks of notebook 04 are tested in tests/test_teaching_04.py.


# --- 05 byte pair encoding --------------------------------------------------------------------------


def test_check_many_tokens():
    assert exercises.check_many_tokens("Zxqvbn pfftglorp ûñîçødé")
    assert says(exercises.check_many_tokens("the cat sat"), "only 3 tokens")
    assert says(exercises.check_many_tokens("a b c d e f"), "6 words")
    assert says(exercises.check_many_tokens("  "), "empty")
    assert says(exercises.check_many_tokens(123), "should be a str")


# --- 06 sliding windows -----------------------------------------------------------------------------


# (notebook 06's checks are tested in tests/test_teaching_06.py)


# --- 07 token embeddings ----------------------------------------------------------------------------


# check_repeated_lookup, check_batch_shape and check_one_hot_lookup: tests/test_teaching_07.py


def test_check_embedding_params(gpt2_encoding):
    vocab = gpt2_encoding.n_vocab
    fb = exercises.check_embedding_params(torch.nn.Embedding(vocab, 768).weight.numel())
    assert fb and "a third of GPT-2 small's" in str(fb)
    assert says(exercises.check_embedding_params(vocab + 768), "adds")
    assert says(exercises.check_embedding_params(vocab * 256), "notes' 256 dimensions", "768")
    assert says(exercises.check_embedding_params(12), f"not the size of a {vocab} x 768")
    assert says(exercises.check_embedding_params("many"), "whole number")


# --- 08 positional encoding -------------------------------------------------------------------------


def test_check_input_embeddings_shape(verdict):
    loader = create_dataloader_v1(verdict, batch_size=2, max_length=6, stride=6, shuffle=False)
    inputs, _ = next(iter(loader))
    torch.manual_seed(123)
    tok, pos = torch.nn.Embedding(50257, 256), torch.nn.Embedding(6, 256)
    assert exercises.check_input_embeddings_shape((tok(inputs) + pos(torch.arange(6))).shape)
    assert exercises.check_input_embeddings_shape((2, 6, 256))
    assert says(exercises.check_input_embeddings_shape((6, 256)), "position table")
    assert says(exercises.check_input_embeddings_shape((2, 6)), "token ids")
    assert says(exercises.check_input_embeddings_shape((8, 4, 256)), "notes' example")
    assert says(exercises.check_input_embeddings_shape((1, 2, 3)), "not the shape")
    assert says(exercises.check_input_embeddings_shape(5), "expected a shape")


# The checks of 08's other exercises are tested in test_teaching_08.py.


# --- 09 BPE from scratch ----------------------------------------------------------------------------


# Notebook 09's checks are tested in tests/test_teaching_09.py, beside its teaching cells.


def test_first_difference_finds_the_first_differing_case_or_the_error():
    from helpers.exercises.feedback import first_difference

    cases = [(1, 2), (3, 4), (5, 6)]
    assert first_difference(lambda a, b: [a + b], cases, lambda a, b: [a + b], name="f", fix="") is None
    # a - b + 2b when a == 1 agrees with a + b on (1, 2) only: the first difference is (3, 4)
    assert first_difference(lambda a, b: [a - b + 2 * (a == 1) * b], cases, lambda a, b: [a + b],
                            name="f", fix="") == ((3, 4), [-1], [7])
    raised = first_difference(lambda a, b: [a / (b - 2)], cases, lambda a, b: [a], name="f",
                              fix="Mind the zero.")
    assert not raised and raised.message == "f(1, 2) raised ZeroDivisionError: division by zero."
    assert raised.hint == "Mind the zero."
