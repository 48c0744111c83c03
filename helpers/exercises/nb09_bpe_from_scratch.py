"""Checks for notebook 09, BPE from scratch."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong

NEXT_MERGE_SHOWN = 5  # notebook 09 shows the first five merges; the exercise asks for the sixth


def _piece_pairs(merges) -> list[tuple[str, str]]:
    """Merges (id pairs, byte-level ids) as pairs of readable pieces."""
    pieces = {i: bytes([i]) for i in range(256)}
    out = []
    for k, (a, b) in enumerate(merges):
        pieces[256 + k] = pieces[a] + pieces[b]
        out.append((pieces[a].decode("utf-8", "replace"), pieces[b].decode("utf-8", "replace")))
    return out


@check
def check_next_merge(answer) -> Feedback:
    """Notebook 09: the sixth merge learned on the-verdict, as a pair of str pieces (left, right)."""
    from ..bpe import train_fast
    from ..corpora import load_verdict

    merges, _ = train_fast(load_verdict(), NEXT_MERGE_SHOWN + 1)
    pairs = _piece_pairs(merges)
    expected = pairs[NEXT_MERGE_SHOWN]
    if isinstance(answer, str):
        if answer == "".join(expected):
            return wrong("that is the new token; the exercise asks for the two pieces that are joined.",
                         "Answer with a tuple of two strings: (left, right).")
        return wrong("the answer should be a pair of strings (left, right).", "For example (' ', 'w').")
    is_pair = isinstance(answer, (tuple, list)) and len(answer) == 2
    if not (is_pair and all(isinstance(x, str) for x in answer)):
        return wrong("the answer should be a pair of strings (left, right).", "For example (' ', 'w').")
    answer = tuple(answer)
    if answer == expected:
        return right(f"merge {NEXT_MERGE_SHOWN + 1} joins {expected[0]!r} + {expected[1]!r} -> "
                     f"{''.join(expected)!r}, the most frequent pair once the first five are merged.")
    if answer in pairs[:NEXT_MERGE_SHOWN]:
        return wrong(f"{answer!r} was already merged earlier, so it is no longer a pair of two pieces.",
                     "Apply the first five merges, then count the pairs again.")
    if answer[::-1] == expected:
        return wrong("right pieces, wrong order.", "The left piece comes first in the text.")
    return wrong(f"{answer!r} is not the most frequent pair after five merges.",
                 "Count pairs with the counting function after applying the first five merges; on a tie "
                 "the smaller pair of ids wins.")


@check
def check_first_single_word(answer) -> Feedback:
    """Notebook 09: the first word (3+ letters) of the-verdict to become a single token."""
    from ..bpe import BPETokenizer, first_single_token_word
    from ..corpora import load_verdict

    if not isinstance(answer, str):
        return wrong(f"the answer should be a str, got {type(answer).__name__}.", "Put the word in quotes.")
    text = load_verdict()
    word, step = first_single_token_word(BPETokenizer().train(text, 300), text)
    if answer == word:
        return right(f"{word!r} becomes a single token at merge {step}.")
    if answer.strip() == word.strip():
        return right(f"{word!r} (with its leading space: GPT-2's pattern keeps the space with the word) "
                     f"becomes a single token at merge {step}.")
    return wrong(f"{answer!r} is not the first one.",
                 "For each merge step, check which words of 3+ letters are one token; or use the token "
                 "id: a word encoded as the single token t became whole at merge t - 255.")
