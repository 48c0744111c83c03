"""Checks for notebook 02, tokenizing text."""

from __future__ import annotations

from ..i18n import gettext as _
from .feedback import Feedback, check, right, wrong

CODE_EXAMPLE = "if ready:\n    start()\nreport()"
GISBURN_EXAMPLE = "Mrs. Gisburn's up-stream 'studio'"


def _as_token_list(answer, what: str) -> tuple[list | None, Feedback | None]:
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
        return None, wrong(_("{what} should be a list of str tokens, got {name}.").format(what=what,
                                                                                          name=type(answer).__name__),
                           _("Use re.split(...) and keep the pieces in a list."))
    if not all(isinstance(t, str) for t in answer):
        return None, wrong(_("every token in {what} should be a str.").format(what=what))
    return list(answer), None


@check
def check_code_tokens(answer) -> Feedback:
    """Notebook 02: CODE_EXAMPLE cut into tokens with whitespace kept (so nothing is lost)."""
    from ..tokenizers import split_text

    tokens, fb = _as_token_list(answer, _("your answer"))
    if fb is not None:
        return fb
    if "".join(tokens) != CODE_EXAMPLE:
        return wrong(_("joining your tokens does not give the code back, so some text was lost."),
                     _("Keep the whitespace items: drop only the empty strings ('' ), not ' ' or '\\n'."))
    if [t for t in tokens if not t.isspace()] != split_text(CODE_EXAMPLE):
        return wrong(_("the non-whitespace tokens are not cut as the regex cuts them."),
                     _('Use the same pattern as split_text: r\'([,.:;?_!"()\\\']|--|\\s)\'.'))
    runs = split_text(CODE_EXAMPLE, keep_whitespace=True)
    if tokens == runs:
        how = (_("{n_tokens} tokens: like split_text, you kept each run of whitespace as one token (the "
                 "indentation '\\n    ' is one token).").format(n_tokens=len(tokens)))
    else:
        how = (_("{n_tokens} tokens, {n_more} more than split_text's {n_runs}: your (\\s) makes every "
                 "whitespace character a token of its own (the indentation is '\\n' plus four ' '), while "
                 "split_text's \\s+ keeps each run as one token. Both lose nothing; runs give fewer "
                 "tokens.").format(n_tokens=len(tokens), n_more=len(tokens) - len(runs), n_runs=len(runs)))
    return right(_("nothing is lost: the indentation that puts start() inside the if, and report() outside "
                   "it, is kept. ") + how)


@check
def check_gisburn_tokens(answer) -> Feedback:
    """Notebook 02: the learner's prediction of the tokens of GISBURN_EXAMPLE (whitespace removed)."""
    from ..tokenizers import split_text

    tokens, fb = _as_token_list(answer, _("your prediction"))
    if fb is not None:
        return fb
    expected = split_text(GISBURN_EXAMPLE)
    if tokens == expected:
        return right(_("{n_expected} tokens. The pattern splits at every ' (so 's' is a token of its own), "
                       "cuts the full stop off 'Mrs', and keeps the single hyphen inside up-stream.").format(
                           n_expected=len(expected)))
    if "Mrs." in tokens:
        return wrong(_("'Mrs.' is not one token: the pattern does not know abbreviations."),
                     _("Every . is a separator, whatever comes before it."))
    if "Gisburn's" in tokens or "'s" in tokens or "'studio'" in tokens:
        return wrong(_("a ' is glued to a word in your list."),
                     _("' is in the character class: each ' is a token of its own, wherever it stands."))
    if "up" in tokens or "-" in tokens:
        return wrong(_("up-stream is cut in your list."),
                     _("The pattern splits at '--' (two hyphens), not at one hyphen."))
    return wrong(_("expected {n_expected} tokens, got {n_tokens}: {tokens!r}.").format(
        n_expected=len(expected), n_tokens=len(tokens), tokens=tokens),
                 _('Go through the text left to right and cut at whitespace, at each of , . : ; ? _ ! " ( '
                   ") ' and at --; keep the punctuation, drop the spaces."))


@check
def check_case_cost(answer) -> Feedback:
    """Notebook 02: (distinct tokens of The Verdict with case kept, with every token lower-cased)."""
    from ..corpora import load_verdict
    from ..tokenizers import split_text

    if not isinstance(answer, (tuple, list)) or len(answer) != 2 or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in answer):
        return wrong(_("give two whole numbers: (distinct tokens with case kept, distinct tokens "
                       "lower-cased)."),
                     _("len(set(tokens)) counts the distinct tokens of a list."))
    tokens = split_text(load_verdict())
    kept, lowered = len(set(tokens)), len({t.lower() for t in tokens})
    if tuple(answer) == (kept, lowered):
        return right(_("keeping case costs {extra} extra vocabulary entries ({kept} vs {lowered}): "
                       "{share:.0%} more rows to learn, each seen less often.").format(
                           extra=kept - lowered, kept=kept, lowered=lowered,
                           share=(kept - lowered) / lowered))
    if len(tokens) in answer:
        return wrong(_("{n_tokens} is the number of tokens, not of distinct tokens.").format(
            n_tokens=len(tokens)),
                     _("Put the tokens in a set first: len(set(tokens))."))
    if answer[0] == kept:
        return wrong(_("the first number is right ({kept}); the second is not.").format(kept=kept),
                     _("Lower-case every token before counting: {t.lower() for t in tokens}."))
    return wrong(_("expected two counts near a thousand, got {answer}.").format(answer=tuple(answer)),
                 _("Split the story with the notebook's re.split lines, then count len(set(...)) twice."))
