"""Notebook 03's teaching cells build the same tokenizer as ``helpers.tokenizers``, its figures are
readable, and its exercise checks answer right, wrong and unanswered answers.

The notebook builds the vocabulary of The Verdict and the book's ``SimpleTokenizerV1`` (with the book's
two-line ``decode``) in cells tagged "teaching"; here they run (``teaching_namespace``) and are
compared with ``helpers.tokenizers`` on the whole story. The two ``decode`` methods join tokens by
different rules (the book's regex, ``join_tokens``), so they agree on the ids and the words, not on
the spacing.
"""

from __future__ import annotations

import re

import matplotlib
import pytest
from teaching import teaching_namespace

from helpers.corpora import load_verdict
from helpers.exercises import check_lossless_text, check_predicted_ids
from helpers.exercises.feedback import NO_ANSWER
from helpers.exercises.nb03_token_ids import PREDICT_SENTENCE
from helpers.plots import draw_encode_decode, draw_vocabulary
from helpers.tokenizers import (
    SimpleTokenizerV1,
    UnknownTokenError,
    build_vocab,
    join_tokens,
    split_text,
    verdict_vocab,
)

matplotlib.use("Agg")

NOTEBOOK = "03_token_ids.ipynb"
PASSAGE = '"It\'s the last he painted, you know," Mrs. Gisburn said with pardonable pride.'
BOOK_IDS = [1, 56, 2, 850, 988, 602, 533, 746, 5, 1126, 596, 5, 1, 67, 7, 38, 851, 1108, 754, 793, 7]


@pytest.fixture(scope="module")
def ns():
    return teaching_namespace(NOTEBOOK)


def words(text: str) -> str:
    return "".join(text.split())


def test_the_notebooks_vocabulary_is_the_helpers_vocabulary(ns):
    assert ns["preprocessed"] == split_text(load_verdict())
    assert ns["vocab"] == verdict_vocab(special_tokens=False) == build_vocab(ns["preprocessed"])
    assert len(ns["vocab"]) == 1130
    assert (ns["vocab"]["though"], ns["vocab"]["thought"]) == (1002, 1003)  # quoted in section 2


def test_the_notebooks_tokenizer_encodes_as_the_helpers_tokenizer(ns):
    vocab = ns["vocab"]
    ours, theirs = ns["SimpleTokenizerV1"](vocab), SimpleTokenizerV1(vocab)
    story = load_verdict()
    story_ids = ours.encode(story)
    assert story_ids == theirs.encode(story) and len(story_ids) == 4690
    assert ours.encode(PASSAGE) == theirs.encode(PASSAGE) == BOOK_IDS


def test_the_two_decodes_differ_only_in_spacing(ns):
    vocab = ns["vocab"]
    ours, theirs = ns["SimpleTokenizerV1"](vocab), SimpleTokenizerV1(vocab)
    story_ids = ours.encode(load_verdict())
    book_text, helper_text = ours.decode(story_ids), theirs.decode(story_ids)
    assert words(book_text) == words(helper_text) == words(load_verdict())
    assert ours.encode(book_text) == ours.encode(helper_text) == story_ids
    # the book's imperfect output that the notebook quotes, and the helpers' exact one
    assert ours.decode(BOOK_IDS).startswith('" It\' s the last')
    assert theirs.decode(BOOK_IDS) == PASSAGE == join_tokens(split_text(PASSAGE))


def test_both_refuse_an_unknown_word(ns):
    vocab = ns["vocab"]
    with pytest.raises(ValueError, match="Hello"):
        ns["SimpleTokenizerV1"](vocab).encode("Hello, do you like tea?")
    with pytest.raises(UnknownTokenError) as err:
        SimpleTokenizerV1(vocab).encode("Hello, do you like tea?")
    assert err.value.words == ["Hello"]


def _font_sizes(fig):
    return [t.get_fontsize() for ax in fig.axes for t in ax.texts]


def test_the_figures_mark_duplicates_and_are_readable():
    vocab = verdict_vocab(special_tokens=False)
    pieces = split_text(load_verdict())[:20]
    fig = draw_vocabulary(pieces, vocab)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("\u00d72 in the text, one entry") == 2  # 'a' and '--'
    assert len(fig.axes[0].lines) == 20  # one line from every token to its entry
    assert min(_font_sizes(fig)) >= 9
    matplotlib.pyplot.close(fig)

    tokenizer = SimpleTokenizerV1(vocab)
    fig = draw_encode_decode(PASSAGE, split_text(PASSAGE), BOOK_IDS, tokenizer.decode(BOOK_IDS))
    assert min(_font_sizes(fig)) >= 9
    assert sum(1 for c in fig.axes[0].get_children() if type(c).__name__ == "Annotation") == 23
    matplotlib.pyplot.close(fig)


# --- exercises --------------------------------------------------------------------------------------

def test_check_predicted_ids():
    tokens = split_text(PREDICT_SENTENCE)
    vocab = {t: i for i, t in enumerate(sorted(set(tokens)))}
    solution = [vocab[t] for t in tokens]
    assert solution == [2, 3, 6, 5, 8, 4, 1, 8, 3, 7, 0]
    assert check_predicted_ids(solution) and check_predicted_ids(tuple(solution))
    assert check_predicted_ids(...) == NO_ANSWER
    # alphabetical ignoring case puts 'The' with 'the': a wrong id at 'The'
    folded = {t: i for i, t in enumerate(sorted(set(tokens), key=str.lower))}
    assert "token 'The'" in str(check_predicted_ids([folded[t] for t in tokens]))
    # numbering positions instead of distinct tokens
    assert "0..8" in str(check_predicted_ids(list(range(len(tokens)))))
    assert "11 tokens" in str(check_predicted_ids(solution[:9]))
    assert "list of 11 integers" in str(check_predicted_ids("2 3 6"))


def test_check_lossless_text():
    story = load_verdict()
    pieces = [p for p in re.split(r'([,.:;?_!"()\']|--|\s)', story) if p]
    vocab = {t: i for i, t in enumerate(sorted(set(pieces)))}
    ids = [vocab[p] for p in pieces]
    assert len(vocab) == 1132  # the 1,130 tokens plus " " and "\n", as the solution says
    assert check_lossless_text((vocab, ids))
    assert check_lossless_text([vocab, ids])
    runs = [p for p in re.split(r'([,.:;?_!"()\']|--|\s+)', story) if p]  # a run of whitespace a piece
    runs_vocab = {t: i for i, t in enumerate(sorted(set(runs)))}
    assert check_lossless_text((runs_vocab, [runs_vocab[p] for p in runs]))
    assert check_lossless_text(None) == NO_ANSWER
    assert check_lossless_text(...) == NO_ANSWER
    # shortcuts that skip the tokenizer fail: the story itself, one token for the whole story, characters
    assert "proves nothing" in str(check_lossless_text(story))
    assert "as 1 token," in str(check_lossless_text(({story: 0}, [0])))
    chars = {c: i for i, c in enumerate(sorted(set(story)))}
    assert "20,479 tokens" in str(check_lossless_text((chars, [chars[c] for c in story])))
    # the book's tokens without whitespace decode without spaces
    words = [p for p in pieces if p.strip()]
    words_vocab = {t: i for i, t in enumerate(sorted(set(words)))}
    assert "spacing differs" in str(check_lossless_text((words_vocab, [words_vocab[w] for w in words])))
    assert "differs from the story" in str(check_lossless_text((vocab, ids[:50])))
    assert "list of integers" in str(check_lossless_text((vocab, "1 2")))
    assert "not in your vocabulary" in str(check_lossless_text((vocab, [99_999])))
    assert "share an id" in str(check_lossless_text(({"a": 0, "b": 0}, [0])))
    assert "pair (vocab, ids)" in str(check_lossless_text([1, 2]))
