"""The tokenizer playground in JupyterLab: type words, see every tokenizer's pieces and ids.

Notebook 03 (token ids) is opened in a temporary copy, all its cells run through the Run menu, and
the playground's text box is typed into with the keyboard. The expected pieces and ids are computed
here from the tokenizers themselves (split_text, SimpleTokenizerV1/V2 on the verdict vocabulary,
tiktoken's GPT-2), not from the playground's own code.
"""

from __future__ import annotations

import pytest
import tiktoken

from helpers.tokenizers import SimpleTokenizerV1, SimpleTokenizerV2, split_text, verdict_vocab

from .lab_pages import open_notebook, playground_rows, run_all_cells, step, wait_until_equal

NOTEBOOK = "03_token_ids.ipynb"
KNOWN = "Jack Gisburn--a cheap genius"  # every piece is in the verdict vocabulary
UNKNOWN_WORD = "Hello"  # the notes' example of a word the verdict never uses

pytestmark = pytest.mark.browser


def shown(piece: str) -> str:
    """How a piece is drawn: spaces as ␣ and newlines as ↵, so they can be seen."""
    return piece.replace(" ", "\u2423").replace("\n", "\u21b5")


def expected_rows(text: str) -> dict:
    """What each row of the playground must show for ``text``."""
    vocab = verdict_vocab()
    v1_vocab = verdict_vocab(special_tokens=False)  # V1 has no special tokens (notebook 03's 1130)
    pieces = split_text(text)
    unknown = [i for i, p in enumerate(pieces) if p not in vocab]
    rows = {"regex": {"error": None, "pieces": [shown(p) for p in pieces], "ids": [None] * len(pieces),
                      "unknown": []}}
    if unknown:
        with pytest.raises(ValueError) as refused:  # V1 cannot encode a word outside its vocabulary
            SimpleTokenizerV1(v1_vocab).encode(text)
        rows["v1"] = {"error": f"{type(refused.value).__name__}: {refused.value}", "pieces": [], "ids": [],
                      "unknown": []}
    else:
        rows["v1"] = {"error": None, "pieces": [shown(p) for p in pieces],
                      "ids": SimpleTokenizerV1(v1_vocab).encode(text), "unknown": []}
    v2_ids = SimpleTokenizerV2(vocab).encode(text)
    assert [v2_ids[i] for i in unknown] == [vocab["<|unk|>"]] * len(unknown)
    v2_pieces = [shown(p) + ("\u00a0?" if i in unknown else "") for i, p in enumerate(pieces)]  # marked
    rows["v2"] = {"error": None, "pieces": v2_pieces, "ids": v2_ids, "unknown": unknown}
    enc = tiktoken.get_encoding("gpt2")
    gpt2_ids = enc.encode(text)
    assert enc.decode(gpt2_ids) == text
    rows["gpt2"] = {"error": None, "pieces": [shown(enc.decode([i])) for i in gpt2_ids], "ids": gpt2_ids,
                    "unknown": []}
    return rows


def test_typing_shows_each_tokenizers_pieces_and_ids(page, lab_server):
    with step(f"open {NOTEBOOK}"):
        panel = open_notebook(page, lab_server, NOTEBOOK, workspace="tokenizer-playground")
    with step("run all cells"):
        run_all_cells(page, panel)
    playground = panel.locator(".t2t-tokenizer-playground").first
    box = playground.locator("textarea")

    with step("type known words"):  # replace the stored text by typing, key by key, as a learner would
        box.click()
        box.press("Control+a")
        box.press_sequentially(KNOWN)
        expected = expected_rows(KNOWN)
        assert expected["v1"]["error"] is None and expected["v1"]["ids"] == expected["v2"]["ids"]
        rows = wait_until_equal(lambda: playground_rows(playground), expected, f"rows for {KNOWN!r}",
                                page=page)
        assert rows["gpt2"]["pieces"] != rows["regex"]["pieces"]  # BPE cuts the text differently

    with step("type an unknown word"):  # V1 refuses with its message, V2 marks it <|unk|>
        box.press("End")
        box.press_sequentially(f" {UNKNOWN_WORD}")
        text = f"{KNOWN} {UNKNOWN_WORD}"
        expected = expected_rows(text)
        assert UNKNOWN_WORD in expected["v1"]["error"] and expected["v2"]["unknown"]
        wait_until_equal(lambda: playground_rows(playground), expected, f"rows for {text!r}", page=page)
        assert box.input_value() == text
