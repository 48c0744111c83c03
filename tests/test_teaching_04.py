"""Notebook 04: its teaching cells agree with ``helpers``, and its exercise checks.

The notebook builds the vocabulary with two special tokens and ``SimpleTokenizerV2`` in tagged cells
(``"tags": ["teaching"]``); ``teaching_namespace`` runs them here, so the learner's path needs no
agreement cell.
"""

from __future__ import annotations

import pytest
import torch
from teaching import teaching_namespace

from helpers.exercises import check_padded_batch, check_same_ids, check_two_unknown_ids
from helpers.exercises.feedback import NO_ANSWER
from helpers.exercises.nb04_special_tokens import PAD_TEXTS, TWO_UNKNOWN
from helpers.tokenizers import SimpleTokenizerV2, verdict_vocab

NOTEBOOK = "04_special_context_tokens.ipynb"
TEXT1, TEXT2 = "Hello, do you like tea?", "In the sunlit terraces of the palace."


def says(feedback, *words: str) -> bool:
    return not feedback and all(w in str(feedback) for w in words)


@pytest.fixture(scope="module")
def taught():
    return teaching_namespace(NOTEBOOK)


def test_the_notebooks_vocabulary_is_verdict_vocab(taught):
    assert taught["vocab"] == verdict_vocab()
    assert len(taught["vocab"]) == 1132


def test_the_notebooks_v2_agrees_with_helpers_on_the_story_and_unknown_words(taught, verdict):
    vocab = taught["vocab"]
    ours, theirs = taught["SimpleTokenizerV2"](vocab), SimpleTokenizerV2(vocab)
    texts = [" <|endoftext|> ".join((TEXT1, TEXT2)),
             verdict + " <|endoftext|> " + TEXT1 + " " + TEXT2,
             TWO_UNKNOWN, "Hello?<|endoftext|>In", "x---y (a) _b_ \"c\"; d: e!"]
    for text in texts:
        ids = ours.encode(text)
        assert ids == theirs.encode(text)
        assert ours.decode(ids) == theirs.decode(ids)
    assert ours.encode(texts[0]) == [1131, 5, 355, 1126, 628, 975, 10, 1130, 55, 988, 956, 984, 722, 988,
                                     1131, 7]


# --- exercises -------------------------------------------------------------------------------------

@pytest.mark.parametrize("check", [check_two_unknown_ids, check_same_ids, check_padded_batch])
def test_no_answer_yet(check):
    assert check(...) == NO_ANSWER


def test_check_two_unknown_ids():
    vocab = verdict_vocab()
    solution = [1131, vocab["."], vocab["Gisburn"], vocab["painted"], vocab["the"], 1131, vocab["."]]
    assert solution == SimpleTokenizerV2(vocab).encode(TWO_UNKNOWN) == [1131, 7, 38, 746, 988, 1131, 7]
    assert check_two_unknown_ids(solution) and "keep their case" in str(check_two_unknown_ids(solution))
    as_if_case_folded = [vocab["Mrs"]] + solution[1:]
    assert says(check_two_unknown_ids(as_if_case_folded), "['palace']", "2 places")
    assert says(check_two_unknown_ids(solution[:-1]), "V2 gives 7 ids, you wrote 6")
    assert says(check_two_unknown_ids([1131, 7, 38, 746, 989, 1131, 7]), "some other ids differ")
    assert says(check_two_unknown_ids("1131, 7"), "list of ids")


def test_check_same_ids():
    assert check_same_ids(("I like the palace.", "I like the castle."))
    assert says(check_same_ids(("I like tea.", "I  like   tea.")), "same tokens")
    assert says(check_same_ids(("I like tea.", "I like Jack.")), "different ids")
    assert says(check_same_ids(("a", "   ")), "no tokens")
    assert says(check_same_ids("I like tea."), "two texts")


def test_check_padded_batch():
    tokenizer = SimpleTokenizerV2(verdict_vocab())
    rows = [tokenizer.encode(t) for t in PAD_TEXTS]
    assert [len(r) for r in rows] == [7, 8] and PAD_TEXTS == (TEXT1, TEXT2)
    ids = torch.tensor([rows[0] + [1130], rows[1]])
    mask = torch.tensor([[1] * 7 + [0], [1] * 8])
    assert check_padded_batch((ids, mask)) and "also a real token" in str(check_padded_batch((ids, mask)))
    assert check_padded_batch((ids.tolist(), mask.tolist()))  # lists of lists are fine too
    assert says(check_padded_batch((torch.tensor([[1130] + rows[0], rows[1]]), mask)), "at the start")
    assert says(check_padded_batch((torch.tensor(rows[1]), mask)), "shape (2, 8)")
    assert says(check_padded_batch((torch.tensor([rows[0] + [0], rows[1]]), mask)), "some ids differ")
    assert says(check_padded_batch((ids, torch.ones(2, 8))), "the mask is not")
    assert says(check_padded_batch(ids), "two tensors")


# --- the figures of 02-04: colour means identity; <|unk|> in the box; widths count tokens ---------

def _faces(ax):
    import matplotlib.colors as mcolors

    return [mcolors.to_hex(p.get_facecolor()) for p in ax.patches]


def test_token_pieces_colour_means_identity():
    from matplotlib.figure import Figure

    from helpers.plots import draw_token_pieces

    ax = Figure().subplots()
    draw_token_pieces(["a", "--", "b", "a", "--"], ax=ax)
    faces = _faces(ax)
    assert faces[0] == faces[3] and faces[1] == faces[4]  # same token, same colour
    assert len({faces[0], faces[1], faces[2]}) == 3  # neighbouring new tokens differ


def test_unknown_words_show_unk_in_the_box_and_the_lost_word_struck_through():
    from matplotlib.figure import Figure

    from helpers.plots import draw_token_pieces

    ax = Figure().subplots()
    draw_token_pieces(["Hello", ",", "tea"], [1131, 5, 975], unknown=[0], unknown_as="<|unk|>", ax=ax)
    texts = {t.get_text(): t for t in ax.texts}
    assert "<|unk|>" in texts and "Hello" in texts and "Hello ?" not in texts
    assert texts["Hello"].get_path_effects()  # drawn struck through
    assert texts["<|unk|>"].get_position()[1] > texts["Hello"].get_position()[1]  # the lost word is below

    ax = Figure().subplots()  # the default keeps the first edition's "?" mark (notebook 03 uses it)
    draw_token_pieces(["Hello", ","], unknown=[0], ax=ax)
    assert "Hello ?" in [t.get_text() for t in ax.texts]


def test_document_boxes_are_as_wide_as_their_token_counts():
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from helpers.plots import draw_documents

    ax = Figure().subplots()
    draw_documents(["a b", "c d e f", "g"], [7, 8, 21], separator_id=1130, ax=ax)
    boxes = [p.get_width() for p in ax.patches if isinstance(p, Rectangle)]
    docs, seps = boxes[0::2], boxes[1::2]
    assert [round(w / seps[0], 6) for w in docs] == [7, 8, 21] and len(seps) == 2
