"""Checks of the input every module takes: whole numbers and texts.

Each check returns the value it accepts and raises an error that names the value, the problem and the
fix. A module passes its own error classes (and, where its messages have always been worded
differently, its own wording), so every error keeps the class and the message its module documents:

    positive_int(stride, "stride", error=SamplingError, hint="It is how far the window moves.")
    text(txt, "txt", empty_error=SamplingError, empty_message="txt is empty: ...")
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np

WHOLE_NUMBER = "{name} must be a whole number (int), got {type} {value!r}."
AT_LEAST = "{name} must be at least {at_least}, got {value}."
STR = "{name} must be a str, got {type}."


def _say(template: str, hint: str, **fields) -> str:
    message = template.format(**fields)
    return f"{message} {hint}" if hint else message


def whole_number(value, name: str, *, error: type[Exception] = TypeError, message: str = WHOLE_NUMBER,
                 hint: str = "") -> int:
    """``value`` as a Python int, if it is an int or a numpy integer (``True`` and ``2.0`` are not).

    Otherwise raises ``error`` with ``message`` (formatted with ``name``, ``type`` and ``value``)
    followed by ``hint``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise error(_say(message, hint, name=name, type=type(value).__name__, value=value))
    return operator.index(value)


def positive_int(value, name: str, *, at_least: int = 1, hint: str = "",
                 error: type[Exception] = ValueError, type_error: type[Exception] = TypeError,
                 message: str | None = None) -> int:
    """``value`` as an int of at least ``at_least`` (a size, a count, a length).

    Not a whole number: ``type_error``; too small: ``error``. The messages say what was given and end
    with ``hint``; a module whose errors have always said both in one sentence passes that sentence as
    ``message`` (with ``{name}`` and ``{value}``).
    """
    number = whole_number(value, name, error=type_error, message=message or WHOLE_NUMBER, hint=hint)
    if number < at_least:
        raise error(_say(message or AT_LEAST, hint, name=name, value=value, at_least=at_least))
    return number


def text(value, name: str = "text", *, message: str = STR, hint: str | Callable[[object], str] = "",
         empty_error: type[Exception] | None = None, empty_message: str = "") -> str:
    """``value`` if it is a ``str``; with ``empty_error``, also not empty.

    Not a str: ``TypeError`` with ``message`` (formatted with ``name`` and ``type``) followed by
    ``hint`` (a str, or a function of the value giving the fix that fits it). Empty:
    ``empty_error(empty_message)``.
    """
    if not isinstance(value, str):
        fix = hint(value) if callable(hint) else hint
        raise TypeError(_say(message, fix, name=name, type=type(value).__name__))
    if not value and empty_error is not None:
        raise empty_error(empty_message)
    return value
