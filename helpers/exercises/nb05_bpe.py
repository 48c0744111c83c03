"""Checks for notebook 05, byte pair encoding (a toy merge loop, then GPT-2's tokenizer)."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from ..bpe_simple import merge_pair
from ..i18n import gettext as _
from ..i18n import ngettext
from .feedback import Feedback, check, right, wrong

TOY_TEXT = "hug pug hugs pugs"
WORLD_VARIANTS = (" World", "World", "world", "WORLD")
MAX_WORDS_MANY_TOKENS = 5
MIN_TOKENS_MANY_TOKENS = 15


def _gpt2_encoding():
    import tiktoken

    return tiktoken.get_encoding("gpt2")


def toy_merges(text: str = TOY_TEXT, smallest_pair_wins: bool = False) -> tuple[list[int], dict[int, bytes]]:
    """Merge the most frequent pair of ``text``'s bytes until no pair occurs twice.

    Ties go to the pair ``Counter.most_common`` lists first (the first seen in the text), or, with
    ``smallest_pair_wins``, to the smallest pair (the rule of ``helpers.bpe_simple``). Returns the final
    ids and the bytes of every id they use."""
    ids = list(text.encode("utf-8"))
    pieces = {b: bytes([b]) for b in range(256)}
    while True:
        counts = Counter(pairwise(ids))
        if not counts:
            break
        if smallest_pair_wins:
            pair = max(counts, key=lambda p: (counts[p], -p[0], -p[1]))
        else:
            pair = counts.most_common(1)[0][0]
        if counts[pair] < 2:
            break
        new_id = len(pieces)
        pieces[new_id] = pieces[pair[0]] + pieces[pair[1]]
        ids = merge_pair(ids, pair, new_id)
    return ids, pieces


@check
def check_toy_merges(answer) -> Feedback:
    """Notebook 05: the toy text's ids after merging the most frequent pair until none occurs twice."""
    if not isinstance(answer, (list, tuple)) or not all(
            isinstance(x, int) and not isinstance(x, bool) for x in answer):
        return wrong(_("the answer should be a list of ids (int), got {name}.").format(
            name=type(answer).__name__),
                     _("Put the final list of ids in `answer`."))
    start = list(TOY_TEXT.encode("utf-8"))
    results = [toy_merges(), toy_merges(smallest_pair_wins=True)]
    expected, pieces = results[0]
    answer = list(answer)
    if any(answer == ids for ids, _ in results):
        shown = [pieces[i].decode("utf-8") for i in expected]
        return right(_("{n_start} bytes became {n_expected} tokens after {merges} merges: {shown}. The space "
                       "ends up glued to the word after it, as in GPT-2's tokens.").format(
                           n_start=len(start), n_expected=len(expected), merges=max(expected) - 255,
                           shown=shown))
    if answer == start:
        return wrong(_("these are the toy's bytes: no merge was applied."),
                     _("Inside the loop, count the pairs, merge the most frequent one into a new id, and "
                       "repeat."))
    if len(answer) > len(expected):
        counts = Counter(pairwise(answer))
        if counts and counts.most_common(1)[0][1] >= 2:
            return wrong(_("{n_answer} ids, and a pair still occurs {most_common} times.").format(
                n_answer=len(answer), most_common=counts.most_common(1)[0][1]),
                         _("Keep going until the most frequent pair occurs only once (count < 2)."))
        return wrong(_("{n_answer} ids; the loop should end with {n_expected}.").format(n_answer=len(answer),
                                                                                        n_expected=len(expected)),
                     _("Start again from the bytes of the toy text and merge until no pair occurs twice."))
    if len(answer) == len(expected):
        return wrong(_("the right number of tokens ({n_expected}), but other ids.").format(
            n_expected=len(expected)),
                     _("Number the new tokens 256, 257, 258, ... in the order you create them, starting "
                       "from the toy's bytes."))
    return wrong(_("{n_answer} ids is fewer than merging can give ({n_expected}).").format(
        n_answer=len(answer), n_expected=len(expected)),
                 _("Merge only pairs that occur at least twice, and only neighbours: merge(ids, pair, "
                   "new_id)."))


@check
def check_world_counts(answer) -> Feedback:
    """Notebook 05: predicted GPT-2 token counts of " World", "World", "world", "WORLD", in that order."""
    if isinstance(answer, dict):
        answer = [answer.get(w) for w in WORLD_VARIANTS]
    if not isinstance(answer, (list, tuple)) or len(answer) != len(WORLD_VARIANTS) or not all(
            isinstance(x, int) and not isinstance(x, bool) for x in answer):
        return wrong(_("the answer should be four whole numbers, one per text, in the order ' World', "
                       "'World', 'world', 'WORLD'."), _("For example: answer = [2, 2, 2, 2]."))
    enc = _gpt2_encoding()
    expected = [len(enc.encode(w)) for w in WORLD_VARIANTS]
    off = [repr(w) for w, a, e in zip(WORLD_VARIANTS, answer, expected, strict=True) if a != e]
    if off:
        return wrong(ngettext("{n_off} of your 4 numbers is off: {texts}.",
                              "{n_off} of your 4 numbers are off: {texts}.", len(off)).format(
                         n_off=len(off), texts=", ".join(off)),
                     _("Common words (with or without the space before them) have a token of their own; "
                       "rarer spellings are cut into pieces. Run the next cell to see the pieces."))
    return right(_("{expected}: ' World', 'World' and 'world' are common enough to be whole tokens, each "
                   "with its own id; 'WORLD' is rarer and is cut into pieces.").format(expected=expected))


@check
def check_many_tokens(answer) -> Feedback:
    """Notebook 05: a text of at most 5 words that GPT-2 cuts into at least 15 tokens."""
    if not isinstance(answer, str):
        return wrong(_("the answer should be a str, got {name}.").format(name=type(answer).__name__),
                     _("Put your text in quotes."))
    words = answer.split()
    if not words:
        return wrong(_("the text is empty."), _("Write up to five words."))
    if len(words) > MAX_WORDS_MANY_TOKENS:
        return wrong(_("your text has {n_words} words; at most {MAX_WORDS_MANY_TOKENS} are allowed.").format(
            n_words=len(words), MAX_WORDS_MANY_TOKENS=MAX_WORDS_MANY_TOKENS),
                     _("Use fewer but stranger words."))
    n = len(_gpt2_encoding().encode(answer, disallowed_special=()))
    if n < MIN_TOKENS_MANY_TOKENS:
        return wrong(_("GPT-2 needs only {n} tokens for it; at least {MIN_TOKENS_MANY_TOKENS} are "
                       "asked.").format(n=n, MIN_TOKENS_MANY_TOKENS=MIN_TOKENS_MANY_TOKENS),
                     _("Common words are one token each. Invent words, mix upper and lower case (like "
                       "someunknownPlace), or use rare letters and symbols."))
    return right(_("{n_words} word(s), {n} tokens: rare and invented words fall apart into many small "
                   "pieces, which makes them cost more tokens.").format(n_words=len(words), n=n))
