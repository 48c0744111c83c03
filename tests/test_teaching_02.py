"""Notebook 02: its teaching cells agree with ``helpers``, its exercise checks, and its playground.

The notebook builds the splitter in tagged cells (``"tags": ["teaching"]``); ``teaching_namespace``
runs them here, so the learner's path needs no agreement cell.
"""

from __future__ import annotations

import re

import pytest
from teaching import teaching_namespace

from helpers.exercises import check_case_cost, check_code_tokens, check_gisburn_tokens
from helpers.exercises.feedback import NO_ANSWER
from helpers.exercises.nb02_tokenizing import CODE_EXAMPLE, GISBURN_EXAMPLE
from helpers.tokenizers import compare_tokenizers, split_text

NOTEBOOK = "02_tokenizing_text.ipynb"
BOOK_PATTERN = r'([,.:;?_!"()\']|--|\s)'


def says(feedback, *words: str) -> bool:
    return not feedback and all(w in str(feedback) for w in words)


@pytest.fixture(scope="module")
def taught():
    return teaching_namespace(NOTEBOOK)


def test_the_notebooks_splitter_is_split_text_on_the_whole_story(taught, verdict):
    assert taught["raw_text"] == verdict
    assert taught["preprocessed"] == split_text(verdict)
    assert len(taught["preprocessed"]) == 4690
    assert taught["result"] == split_text(taught["text"])  # the small sentence of section 3


def test_the_notebooks_pattern_is_split_texts_pattern_on_other_texts(taught):
    for text in ("Hello, world. Is this-- a test?", GISBURN_EXAMPLE, "x---y (a) _b_ \"c\"; d: e!",
                 "tabs\tand\nnewlines  and   runs"):
        pieces = re.split(BOOK_PATTERN, text)
        assert [p.strip() for p in pieces if p.strip()] == split_text(text)


# --- exercises -------------------------------------------------------------------------------------

@pytest.mark.parametrize("check", [check_gisburn_tokens, check_code_tokens, check_case_cost])
def test_no_answer_yet(check):
    assert check(...) == NO_ANSWER


def test_check_gisburn_tokens():
    solution = ["Mrs", ".", "Gisburn", "'", "s", "up-stream", "'", "studio", "'"]
    assert solution == split_text(GISBURN_EXAMPLE)
    assert check_gisburn_tokens(solution)
    assert says(check_gisburn_tokens(["Mrs.", "Gisburn", "'", "s", "up-stream", "'", "studio", "'"]),
                "abbreviations")
    assert says(check_gisburn_tokens(["Mrs", ".", "Gisburn's", "up-stream", "'studio'"]), "glued")
    cut = ["Mrs", ".", "Gisburn", "'", "s", "up", "-", "stream", "'", "studio", "'"]
    assert says(check_gisburn_tokens(cut), "up-stream is cut")
    assert says(check_gisburn_tokens(["Mrs", ".", "Gisburn", "'", "s", "up-stream", "'", "studio"]),
                "expected 9 tokens, got 8")
    assert says(check_gisburn_tokens(GISBURN_EXAMPLE), "list of str tokens")


def test_check_code_tokens_explains_characters_against_runs():
    per_char = [i for i in re.split(BOOK_PATTERN, CODE_EXAMPLE) if i]
    runs = split_text(CODE_EXAMPLE, keep_whitespace=True)
    assert len(per_char) == 16 and len(runs) == 12
    one, other = check_code_tokens(per_char), check_code_tokens(runs)
    assert one and "16 tokens, 4 more" in str(one) and "\\s+" in str(one)
    assert other and "12 tokens" in str(other) and "run of whitespace" in str(other)
    assert says(check_code_tokens(split_text(CODE_EXAMPLE)), "lost")
    assert says(check_code_tokens(re.split(r"(\s)", CODE_EXAMPLE)), "not cut as the regex")


def test_check_case_cost(verdict):
    tokens = split_text(verdict)
    kept, lowered = len(set(tokens)), len({t.lower() for t in tokens})
    assert (kept, lowered) == (1130, 1076)
    assert check_case_cost((kept, lowered)) and "54 extra" in str(check_case_cost([kept, lowered]))
    assert says(check_case_cost((4690, lowered)), "number of tokens, not of distinct")
    assert says(check_case_cost((kept, 1000)), "first number is right")
    assert says(check_case_cost((1, 2)), "near a thousand")
    assert says(check_case_cost(1130), "two whole numbers")


# --- the playground: rows a notebook has taught; V1 with V1's own vocabulary ----------------------

def test_compare_tokenizers_picks_rows_and_keeps_whitespace_on_request():
    rows = compare_tokenizers("if ready:\n    go", rows=["regex", "regex_kept"])
    assert [r.key for r in rows] == ["regex", "regex_kept"]
    assert rows[1].pieces == ("if", " ", "ready", ":", "\n    ", "go") and rows[1].ids is None
    assert [r.key for r in compare_tokenizers("tea")] == ["regex", "v1", "v2", "gpt2"]
    assert [r.key for r in compare_tokenizers("tea", rows="gpt2")] == ["gpt2"]
    with pytest.raises(ValueError, match="rows must name some of"):
        compare_tokenizers("tea", rows=["regex", "bpe"])
    with pytest.raises(ValueError, match="rows must name some of"):
        compare_tokenizers("tea", rows=[])


def test_v1_row_uses_the_vocabulary_without_special_tokens():
    rows = {r.key: r for r in compare_tokenizers("Hello <|endoftext|> tea")}
    assert "(1130 tokens)" in rows["v1"].error  # notebook 03's vocabulary, as the text says
    assert "'Hello', '<|endoftext|>'" in rows["v1"].error  # V1 knows no special tokens
    assert rows["v2"].ids[1] == 1130


def test_playground_shows_only_the_rows_asked_for():
    from helpers.widgets import TokenizerPlayground

    w = TokenizerPlayground(text="Hello, world. Is this-- a test?", rows=["regex", "regex_kept"])
    html = w.view.value
    assert "t2t-row-regex'" in html and "t2t-row-regex_kept" in html
    assert "t2t-row-v1" not in html and "t2t-row-gpt2" not in html
    assert repr(w) == "TokenizerPlayground(vocab of 1132 tokens)"
    with pytest.raises(ValueError, match="rows must name"):
        TokenizerPlayground(rows=["v3"])
