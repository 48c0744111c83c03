"""Automatic checks behind every exercise.

Each exercise in a notebook ends with a line such as ``check_vocab_size(answer)``. A check returns a
``Feedback``: it prints as one line that says the answer is right, or what is wrong with a hint, and
is truthy only when the answer is right (so tests can assert on it). Solutions live in the
notebooks, hidden in a "Show solution" block, not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``ok``, what is right or wrong, and a hint for the next try."""

    ok: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        if self.ok:
            return f"Correct! {self.message}"
        text = f"Not yet: {self.message}"
        return f"{text}\nHint: {self.hint}" if self.hint else text

    __str__ = __repr__


def right(message: str = "Well done.") -> Feedback:
    return Feedback(True, message)


def wrong(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)


def unanswered(answer) -> Feedback | None:
    """Feedback for an exercise cell that still holds its ``...`` placeholder, else None."""
    if answer is Ellipsis or answer is None:
        return wrong("there is no answer yet.", "Replace the `...` with your answer and run the cell.")
    return None
