"""Checks for notebook 06, sliding-window sampling.

The exercises work on the toy text "0 1 2 ... 20": token number p is the number p, so a position reads
as itself. Every expected answer is computed here from ``helpers.windows`` (the notes' loop
``range(0, n_tokens - max_length, stride)``), never written down by hand.
"""

from __future__ import annotations

import itertools

from ..i18n import gettext as _
from ..windows import num_batches, num_samples, target_mask, window_starts
from .feedback import Feedback, check, first_difference, right, wrong

TOY_TOKENS = 21   # the toy text "0 1 2 ... 20"
NEVER_SETTING = (4, 6)   # exercise 1: (max_length, stride)
COUNT_SETTING = {"max_length": 3, "stride": 2, "batch_size": 4, "drop_last": True}   # exercise 2
BATCH_SETTING = {"max_length": 4, "stride": 5, "batch_size": 2}   # exercise 3: its second batch is shown


def never_targets(n_tokens: int, max_length: int, stride: int) -> list[int]:
    """The positions that no window of the notes' loop uses as a target."""
    mask = target_mask(n_tokens, max_length, stride, range(n_tokens))
    return [p for p, used in enumerate(mask) if not used]


def toy_batch(max_length: int, stride: int, batch_size: int, number: int, n_tokens: int = TOY_TOKENS):
    """Batch ``number`` (0 = first) of an unshuffled loader over the toy text, as
    ``(inputs, targets)`` lists of lists, or None when there is no such batch."""
    starts = list(window_starts(n_tokens, max_length, stride))[number * batch_size:(number + 1) * batch_size]
    if not starts:
        return None
    return ([list(range(s, s + max_length)) for s in starts],
            [list(range(s + 1, s + max_length + 1)) for s in starts])


def _positions(answer, what: str):
    """``answer`` as a sorted list of whole numbers, or a Feedback saying what is wrong with it."""
    if isinstance(answer, str | bytes) or not hasattr(answer, "__iter__"):
        return wrong(_("the answer should be a list of positions, got {name}.").format(
            name=type(answer).__name__),
                     _("For example [0, 1, 2] for {what}.").format(what=what))
    items = list(answer)
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in items):
        return wrong(_("every position should be a whole number (an int)."), _("Write the positions as "
                                                                            "numbers."))
    return sorted(set(items))


@check
def check_never_targets_toy(answer) -> Feedback:
    """Exercise 1: which tokens of "0 1 ... 20" are never a target with max_length=4, stride=6?"""
    got = _positions(answer, _("the tokens 0, 1 and 2"))
    if isinstance(got, Feedback):
        return got
    max_length, stride = NEVER_SETTING
    expected = never_targets(TOY_TOKENS, max_length, stride)
    if got == expected:
        return right(_("{expected}: the first token, the {stride}-token gap after each window, and the "
                       "tail after the last window.").format(expected=expected, stride=stride - max_length))
    starts = list(window_starts(TOY_TOKENS, max_length, stride))
    extra = [p for p in got if p not in expected]
    missing = [p for p in expected if p not in got]
    if extra:
        return wrong(_("{extra} is a target of some window.").format(extra=extra[0]),
                     _("The windows start at {starts}; the window starting at i has targets i+1 ... "
                       "i+4.").format(starts=starts))
    if 0 in missing:
        return wrong(_("one token is missing from your list."), _("Which token has nothing before it?"))
    if any(p > starts[-1] + max_length for p in missing):
        return wrong(_("{n_missing} token(s) missing from your list.").format(n_missing=len(missing)),
                     _("The last window starts at {starts}: what comes after its last target?").format(
                         starts=starts[-1]))
    return wrong(_("{n_missing} token(s) missing from your list.").format(n_missing=len(missing)),
                 _("Write the windows' starts from range(0, 21 - 4, 6), then each window's targets."))


@check
def check_windows_and_batches(answer) -> Feedback:
    """Exercise 2: ``(windows, batches)`` for the toy text and ``COUNT_SETTING``."""
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return wrong(_("the answer should be two numbers: (windows, batches)."), _("For example (7, 3)."))
    windows, batches = answer
    s = COUNT_SETTING
    n = num_samples(TOY_TOKENS, s["max_length"], s["stride"])
    b = num_batches(n, s["batch_size"], s["drop_last"])
    if windows != n:
        if windows == (TOY_TOKENS - s["max_length"]) // s["stride"] + 1:
            return wrong(_("{windows!r} windows is one too many.").format(windows=windows),
                         _("The last window also needs one token after it for its last target: the starts "
                           "are range(0, {TOY_TOKENS} - {max_length}, {stride}).").format(
                               TOY_TOKENS=TOY_TOKENS, max_length=s['max_length'], stride=s['stride']))
        return wrong(_("{windows!r} windows is not right.").format(windows=windows),
                     _("Count the starts in range(0, {TOY_TOKENS} - {max_length}, {stride}).").format(
                         TOY_TOKENS=TOY_TOKENS, max_length=s['max_length'], stride=s['stride']))
    if batches != b:
        if batches == num_batches(n, s["batch_size"], not s["drop_last"]):
            return wrong(_("{n} windows is right, but {batches!r} batches is not.").format(n=n,
                                                                                           batches=batches),
                         _("drop_last=True: what happens to a last batch that is not full?"))
        return wrong(_("{n} windows is right, but {batches!r} batches is not.").format(n=n, batches=batches),
                     _("How many full batches of {batch_size} fit into {n} windows?").format(
                         batch_size=s['batch_size'], n=n))
    return right(_("{n} windows make {b} full batches of {batch_size}; drop_last drops the last "
                   "{dropped}.").format(n=n, b=b, batch_size=s["batch_size"],
                                        dropped=n - b * s["batch_size"]))


@check
def check_batch_setting(answer) -> Feedback:
    """Exercise 3: the ``max_length``, ``stride`` and ``batch_size`` whose second batch is shown."""
    keys = ("max_length", "stride", "batch_size")
    if not isinstance(answer, dict) or set(answer) != set(keys):
        return wrong(_("the answer should be a dict with the keys max_length, stride and batch_size."),
                     _("For example {'max_length': 3, 'stride': 3, 'batch_size': 4}."))
    values = [answer[k] for k in keys]
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in values):
        return wrong(_("each setting should be a whole number of at least 1."), "")
    target = toy_batch(**BATCH_SETTING, number=1)
    got = toy_batch(*values, number=1)
    if got == target:
        return right(_("that setting gives exactly this second batch."))
    if answer["max_length"] != len(target[0][0]):
        return wrong(_("with max_length={max_length} each row would hold {max_length} tokens.").format(
            max_length=answer['max_length']), _("Count the tokens in one row."))
    if answer["stride"] != target[0][1][0] - target[0][0][0]:
        return wrong(_("with stride={stride} neighbouring rows would start {stride} apart.").format(
            stride=answer['stride']), _("Compare the first token of two neighbouring rows."))
    return wrong(_("with batch_size={batch_size} the second batch would be {batch}.").format(
        batch_size=answer['batch_size'], batch=_("empty") if got is None else got[0]),
                 _("The second batch starts with window number batch_size. Which window starts at "
                   "{target}?").format(target=target[0][0][0]))


def target_counts(n_tokens: int, max_length: int, stride: int) -> list[int]:
    """How many windows of the notes' loop use each position as a target."""
    counts = [0] * n_tokens
    for i in window_starts(n_tokens, max_length, stride):
        for p in range(i + 1, i + max_length + 1):
            counts[p] += 1
    return counts


WRONG_COUNT_TRIES = {"count": 0}   # wrong answers to exercise 4 in this process: the hint grows with them


def _counts_hint() -> str:
    """First wrong try: point back to the rule the notebook states. From the second: spell out the loop."""
    WRONG_COUNT_TRIES["count"] += 1
    if WRONG_COUNT_TRIES["count"] == 1:
        return (_("Reread the rule at the start of 'Stride: which tokens are a target': where do the "
                  "windows start, and which tokens are the targets of one window? target_counts(10, 4, 4) "
                  "should give [0, 1, 1, 1, 1, 1, 1, 1, 1, 0]."))
    return (_("Loop over the starts range(0, n_tokens - max_length, stride); the window starting at i has "
              "the targets i+1 ... i+max_length: add 1 to each of their counts."))


@check
def check_target_counts(answer) -> Feedback:
    """Exercise 4: a function ``target_counts(n_tokens, max_length, stride)`` returning, for every
    position, how many windows use that token as a target."""
    if not callable(answer):
        return wrong(_("the answer should be a function, got {name}.").format(name=type(answer).__name__),
                     _("Write `def target_counts(n_tokens, max_length, stride): ...` and pass "
                       "target_counts."))
    settings = list(itertools.product((3, 4, 5, 10, 21, 40), (1, 2, 4), (1, 2, 3, 4, 6)))
    found = first_difference(answer, settings, target_counts, name="target_counts",
                             fix=_("Return a list with one count per token; a text too short for a window "
                                   "has only zeros."))
    if isinstance(found, Feedback):
        return found
    if found is not None:
        (n, max_length, stride), got, expected = found
        if len(got) != n:
            hint = _("Return one count for each of the {n} tokens.").format(n=n)
        elif n <= max_length:
            hint = _("With n_tokens <= max_length there is no window at all: every count is 0.")
        else:
            hint = _counts_hint()
        return wrong(_("target_counts({n}, {max_length}, {stride}) returned {got}, expected "
                       "{expected}.").format(n=n, max_length=max_length, stride=stride, got=got,
                                             expected=expected),
                     hint)
    return right(_("it agrees with the notes' loop on {n_settings} settings, short texts included.").format(
        n_settings=len(settings)))
