"""What every exercise check shares: the ``Feedback`` it returns, the ``@check`` decorator, and
``first_difference`` for exercises whose answer is a function.

A check takes the learner's ``answer`` and returns a ``Feedback``: it prints as one line that says the
answer is right, or what is wrong with a hint, and is truthy only when the answer is right (so tests
can assert on it). ``@check`` answers the case every exercise cell starts in, an ``answer`` still at
its ``...`` placeholder, so a check's own body only judges real answers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..i18n import gettext as _
from ..i18n import gettext_noop as N_


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``ok``, what is right or wrong, and a hint for the next try."""

    ok: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        # The message and hint were translated when the check made them; those made once at import
        # (NO_ANSWER, the default praise) hold the English, marked with N_, and are translated here.
        message, hint = (_(text) if text else text for text in (self.message, self.hint))
        if self.ok:
            return _("Correct! {message}").format(message=message)
        text = _("Not yet: {message}").format(message=message)
        return text + "\n" + _("Hint: {hint}").format(hint=hint) if hint else text

    __str__ = __repr__


def right(message: str = N_("Well done.")) -> Feedback:
    return Feedback(True, message)


def wrong(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)


NO_ANSWER = wrong(N_("there is no answer yet."), N_("Replace the `...` with your answer and run the cell."))


def check(judge: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Make ``judge(answer, ...)`` an exercise check: ``...`` or ``None`` gets ``NO_ANSWER``, any other
    answer goes to ``judge``."""

    @functools.wraps(judge)
    def checked(answer, *args, **kwargs) -> Feedback:
        if answer is Ellipsis or answer is None:
            return NO_ANSWER
        return judge(answer, *args, **kwargs)

    return checked


def first_difference(function: Callable, cases: Iterable[tuple], expected: Callable, *, name: str,
                     fix: str, convert: Callable = list):
    """Call the learner's ``function`` on each case (a tuple of arguments) next to ``expected``.

    Returns ``None`` when they agree on every case, ``(case, got, want)`` for the first case where
    they differ, or a ``wrong`` Feedback (ending with the hint ``fix``) when the learner's function
    raised: "name(3, 1, 1) raised ValueError: ...".
    """
    for case in cases:
        want = expected(*case)
        try:
            got = convert(function(*case))
        except Exception as err:  # noqa: BLE001 - any error in the learner's code is feedback
            return wrong(_("{call} raised {error}: {message}.").format(
                call=f"{name}({', '.join(map(str, case))})", error=type(err).__name__, message=err), fix)
        if got != want:
            return case, got, want
    return None
