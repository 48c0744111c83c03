"""Checks for notebook 03, token ids."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong

SMALL_TEXT = "the cat sat on the mat ."
UNKNOWN_SENTENCE = "Jack painted a portrait of his dog in Paris yesterday."


@check
def check_small_vocab(answer) -> Feedback:
    """Notebook 03: the vocabulary of SMALL_TEXT (sorted unique tokens -> 0, 1, 2, ...)."""
    from ..tokenizers import build_vocab, split_text

    if not isinstance(answer, dict):
        return wrong(f"a vocabulary is a dict token -> id, got {type(answer).__name__}.",
                     "{token: integer for integer, token in enumerate(sorted_tokens)}")
    expected = build_vocab(split_text(SMALL_TEXT))
    if answer == expected:
        return right(f"{len(expected)} entries: 'the' appears twice in the text but once in the vocabulary.")
    if set(answer) != set(expected):
        extra = sorted(set(answer) - set(expected))
        missing = sorted(set(expected) - set(answer))
        return wrong(f"the tokens differ (extra {extra}, missing {missing}).",
                     "Use each distinct token once: sorted(set(tokens)).")
    if sorted(answer.values()) != list(range(len(answer))):
        return wrong(f"the ids should be 0, 1, ..., {len(expected) - 1}, one per token, but yours are "
                     f"{sorted(answer.values())}.",
                     "Remove the duplicates before numbering: enumerate(sorted(set(tokens))).")
    return wrong("the right tokens, but not the right ids.",
                 "Sort the distinct tokens first, then number them from 0 with enumerate.")


@check
def check_unknown_words(answer) -> Feedback:
    """Notebook 03: the words of UNKNOWN_SENTENCE that are not in the verdict vocabulary."""
    from ..tokenizers import split_text, verdict_vocab

    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
        return wrong("give a list (or set) of words.", "[t for t in tokens if t not in vocab]")
    vocab = verdict_vocab(special_tokens=False)
    expected = [t for t in split_text(UNKNOWN_SENTENCE) if t not in vocab]
    if sorted(answer) == sorted(expected):
        return right(f"{len(expected)} of the {len(split_text(UNKNOWN_SENTENCE))} tokens are unknown: "
                     "SimpleTokenizerV1 cannot encode this sentence.")
    in_vocab = sorted(set(answer) & set(vocab))
    if in_vocab:
        return wrong(f"{in_vocab} are in the vocabulary.", "Test each token with `token in vocab`.")
    return wrong(f"there are {len(expected)} unknown words; you gave {len(answer)}.",
                 "Split the sentence with the notebook's regex, then keep the tokens not in vocab.")
