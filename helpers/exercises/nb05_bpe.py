"""Checks for notebook 05, byte pair encoding (GPT-2's tokenizer)."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong

AKWIRW = "Akwirw ier"
MAX_WORDS_MANY_TOKENS = 5
MIN_TOKENS_MANY_TOKENS = 15


def _gpt2_encoding():
    import tiktoken

    return tiktoken.get_encoding("gpt2")


@check
def check_akwirw_pieces(answer) -> Feedback:
    """Notebook 05: the GPT-2 pieces of "Akwirw ier", as a list of str, in order."""
    enc = _gpt2_encoding()
    ids = enc.encode(AKWIRW)
    expected = [enc.decode([i]) for i in ids]
    if isinstance(answer, (list, tuple)) and answer and all(isinstance(x, int) for x in answer):
        if list(answer) == ids:
            return wrong("those are the ids; the exercise asks for the pieces (strings).",
                         "Decode each id on its own: [tokenizer.decode([i]) for i in ids].")
        return wrong("that is a list of numbers; the exercise asks for the pieces (strings).",
                     "Decode each id on its own: [tokenizer.decode([i]) for i in ids].")
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)) or not all(
            isinstance(x, str) for x in answer):
        return wrong(f"the answer should be a list of str pieces, got {type(answer).__name__}.",
                     "Make a list with one string per token id.")
    if "".join(answer) != AKWIRW:
        return wrong(f"joining your pieces gives {''.join(answer)!r}, not {AKWIRW!r}.",
                     "Decode every id of tokenizer.encode('Akwirw ier'), keep them in order, spaces "
                     "included.")
    if list(answer) != expected:
        return wrong(f"your {len(answer)} pieces rebuild the text, but GPT-2 cuts it into {len(expected)} "
                     f"pieces differently.", "Use GPT-2's own cut: decode each id separately.")
    return right(f"{len(ids)} pieces {expected}: words GPT-2 never saw are rebuilt from smaller known "
                 f"pieces, down to single letters, so nothing is unknown.")


@check
def check_many_tokens(answer) -> Feedback:
    """Notebook 05: a text of at most 5 words that GPT-2 cuts into at least 15 tokens."""
    if not isinstance(answer, str):
        return wrong(f"the answer should be a str, got {type(answer).__name__}.", "Put your text in quotes.")
    words = answer.split()
    if not words:
        return wrong("the text is empty.", "Write up to five words.")
    if len(words) > MAX_WORDS_MANY_TOKENS:
        return wrong(f"your text has {len(words)} words; at most {MAX_WORDS_MANY_TOKENS} are allowed.",
                     "Use fewer but stranger words.")
    n = len(_gpt2_encoding().encode(answer, disallowed_special=()))
    if n < MIN_TOKENS_MANY_TOKENS:
        return wrong(f"GPT-2 needs only {n} tokens for it; at least {MIN_TOKENS_MANY_TOKENS} are asked.",
                     "Common words are one token each. Invent words, mix upper and lower case "
                     "(like someunknownPlace), or use rare letters and symbols.")
    return right(f"{len(words)} word(s), {n} tokens: rare and invented words fall apart into many small "
                 f"pieces, which makes them cost more tokens.")
