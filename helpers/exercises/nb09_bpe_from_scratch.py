"""Checks for notebook 09, BPE from scratch: merges by hand, the floor of tokens per word, and the
tokens that are pieces of a character."""

from __future__ import annotations

from ..i18n import gettext as _
from .feedback import Feedback, check, right, wrong


def _piece_pairs(merges) -> list[tuple[str, str]]:
    """Merges (id pairs, byte-level ids) as pairs of readable pieces."""
    pieces = {i: bytes([i]) for i in range(256)}
    out = []
    for k, (a, b) in enumerate(merges):
        pieces[256 + k] = pieces[a] + pieces[b]
        out.append((pieces[a].decode("utf-8", "replace"), pieces[b].decode("utf-8", "replace")))
    return out


TOY_WORDS = "hug pug pun bun hugs"


def _as_piece_pairs(answer) -> list[tuple[str, str]] | None:
    """``answer`` as a list of (left, right) str pairs, or None if it does not have that shape."""
    if not isinstance(answer, (list, tuple)):
        return None
    pairs = []
    for item in answer:
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            return None
        pairs.append(tuple(item))
    return pairs


@check
def check_first_merges(answer) -> Feedback:
    """Notebook 09: the first two merges BPE learns on "hug pug pun bun hugs", as (left, right) pairs."""
    from ..bpe_simple import train_simple

    merges, counts = train_simple(TOY_WORDS, 2)
    expected = _piece_pairs(merges)
    pairs = _as_piece_pairs(answer)
    if pairs is None or len(pairs) != 2:
        return wrong(_("the answer should be a list of two pairs of strings."),
                     _('For example [("h", "u"), ("u", "n")]: merge 1 first, then merge 2.'))
    if pairs == expected:
        return right(_("merge 1 joins {left!r} + {right!r} (seen {count} times); then three pairs "
                       "are seen {tie_count} times each and the tie rule picks {tie_left!r} + "
                       "{tie_right!r}, whose ids (32, 112) are the smallest.").format(
                           left=expected[0][0], right=expected[0][1], count=counts[0],
                           tie_count=counts[1], tie_left=expected[1][0], tie_right=expected[1][1]))
    if pairs[0] != expected[0]:
        return wrong(_("merge 1 is not {pairs!r}.").format(pairs=pairs[0]),
                     _("Write the five pre-tokens ('hug', ' pug', ' pun', ' bun', ' hugs': the space "
                       "belongs to the word after it) and count every neighbouring pair; one pair occurs 3 "
                       "times."))
    if pairs[1] == ("h", "ug"):
        return wrong(_("('h', 'ug') is what the first-seen rule (minbpe, the book's bonus notebook) picks: "
                       "it is seen first."),
                     _("This notebook's rule compares ids on a tie: ' ' is 32, 'h' 104, 'u' 117, 'ug' 256."))
    return wrong(_("merge 2 is not {pairs!r}.").format(pairs=pairs[1]),
                 _("After merge 1, count the pairs again: three are seen twice. On a tie the pair with the "
                   "smaller first id wins (' ' is 32)."))


@check
def check_floor(answer) -> Feedback:
    """Notebook 09: tokens per word of the-verdict once training has run out of pairs (two decimals)."""
    from ..bpe_simple import pretokenize
    from ..corpora import load_verdict

    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return wrong(_("the answer should be a number, got {name}.").format(name=type(answer).__name__),
                     _("For example 1.5."))
    text = load_verdict()
    pre_tokens, words = len(pretokenize(text)), len(text.split())
    floor = pre_tokens / words
    if round(answer, 2) == round(floor, 2):
        return right(_("every pre-token ends as one token, and merges never cross pre-token borders: "
                       "{pre_tokens:,} tokens / {words:,} words = {floor:.2f}.").format(
                           pre_tokens=pre_tokens, words=words, floor=floor))
    if answer == pre_tokens:
        return wrong(_("that is the number of tokens; the question asks for tokens per word."),
                     _("Divide by the number of words ({words:,}).").format(words=words))
    if round(answer, 2) == 1.0:
        return wrong(_("1 would need every word to become one token, but a word such as 'dog.' or "
                       "'Gisburn's' is more than one pre-token."),
                     _("What is the most a merge can glue together? Count the pre-tokens."))
    return wrong(_("{answer} is not where the curve ends.").format(answer=answer),
                 _("When no pair is left, every pre-token is a single token. How many pre-tokens are there "
                   "per whitespace-separated word?"))


@check
def check_broken_tokens(answer) -> Feedback:
    """Notebook 09: how many of GPT-2's 50,257 tokens are not valid UTF-8 on their own."""
    from ..bpe import BPETokenizer

    if isinstance(answer, bool) or not isinstance(answer, int):
        return wrong(_("the answer should be an int (a count), got {name}.").format(
            name=type(answer).__name__),
                     _("Count with a loop over range(gpt2.n_vocab), then put the number here."))
    gpt2 = BPETokenizer.gpt2()
    broken = []
    for i in range(gpt2.n_vocab):
        try:
            gpt2.token_bytes(i).decode("utf-8")
        except UnicodeDecodeError:
            broken.append(i)
    singles = sum(1 for i in broken if len(gpt2.token_bytes(i)) == 1)
    if answer == len(broken):
        return right(_("{n_broken} tokens are pieces of a character: {singles} single bytes from 128 to "
                       "255 and {n_merged} merged pieces. Decoded alone, each gives '�'.").format(
                           n_broken=len(broken), singles=singles, n_merged=len(broken) - singles))
    if answer == singles:
        return wrong(_("that counts only the single bytes; merged tokens can be pieces of a character too."),
                     _("Try to decode every token's bytes, not only ids 0-255."))
    if answer == len(broken) - singles:
        return wrong(_("that leaves out the single bytes; a lone byte 128-255 is not valid UTF-8 either."),
                     _("Loop over all ids from 0 to gpt2.n_vocab - 1."))
    return wrong(_("{answer} is not the count.").format(answer=answer),
                 _("For every id, try gpt2.token_bytes(i).decode('utf-8') and count the "
                   "UnicodeDecodeErrors."))
