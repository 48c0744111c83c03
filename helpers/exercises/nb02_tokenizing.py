"""Checks for notebook 02, tokenizing text."""

from __future__ import annotations

from .feedback import Feedback, check, right, wrong

SPLIT_EXAMPLE = "Hello, world. Is this-- a test?"
CODE_EXAMPLE = "if ready:\n    start()\nreport()"


def _as_token_list(answer, what: str) -> tuple[list | None, Feedback | None]:
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
        return None, wrong(f"{what} should be a list of str tokens, got {type(answer).__name__}.",
                           "Use re.split(...) and keep the pieces in a list.")
    if not all(isinstance(t, str) for t in answer):
        return None, wrong(f"every token in {what} should be a str.")
    return list(answer), None


@check
def check_split_example(answer) -> Feedback:
    """Notebook 02: the tokens of SPLIT_EXAMPLE, whitespace removed."""
    from ..tokenizers import split_text

    tokens, fb = _as_token_list(answer, "your answer")
    if fb is not None:
        return fb
    expected = split_text(SPLIT_EXAMPLE)
    if tokens == expected:
        return right(f"{len(expected)} tokens: words, punctuation marks and the double dash.")
    if any(t.isspace() or t == "" for t in tokens):
        return wrong("your list still holds whitespace or empty strings.",
                     "Keep only the items with item.strip() (an empty or blank item is dropped).")
    if "this--" in tokens or "-" in tokens:
        return wrong("'--' is not its own token yet.",
                     "Add |-- to the pattern: r'([,.:;?_!\"()\\']|--|\\s)'.")
    if any(t != t.strip() for t in tokens):
        return wrong("some tokens still have spaces around them.", "Strip each item: item.strip().")
    return wrong(f"expected {len(expected)} tokens, got {len(tokens)}: {tokens!r}.",
                 "Split on whitespace, on each of , . : ; ? _ ! \" ( ) ' and on --, keeping the separators.")


@check
def check_code_tokens(answer) -> Feedback:
    """Notebook 02: CODE_EXAMPLE cut into tokens with whitespace kept (so nothing is lost)."""
    from ..tokenizers import split_text

    tokens, fb = _as_token_list(answer, "your answer")
    if fb is not None:
        return fb
    if "".join(tokens) != CODE_EXAMPLE:
        return wrong("joining your tokens does not give the code back, so some text was lost.",
                     "Keep the whitespace items: drop only the empty strings ('' ), not ' ' or '\\n'.")
    if [t for t in tokens if not t.isspace()] != split_text(CODE_EXAMPLE):
        return wrong("the non-whitespace tokens are not cut as the regex cuts them.",
                     "Use the same pattern as split_text: r'([,.:;?_!\"()\\']|--|\\s)'.")
    return right("nothing is lost: the indentation that puts start() inside the if, and report() "
                 "outside it, is kept.")
