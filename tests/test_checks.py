"""helpers.checks: the input checks every module shares, with each module's error class and wording."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


class MyError(ValueError):
    pass


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.uint16(5)])
def test_whole_numbers_come_back_as_python_ints(value):
    got = checks.positive_int(value, "size")
    assert got == value and type(got) is int


@pytest.mark.parametrize("value", [True, 2.0, "3", None, [1]])
def test_what_is_not_a_whole_number_is_named_with_its_type(value):
    with pytest.raises(TypeError) as info:
        checks.positive_int(value, "size", hint="It is how many rows.")
    assert str(info.value) == (
        f"size must be a whole number (int), got {type(value).__name__} {value!r}. It is how many rows."
    )


def test_too_small_raises_the_modules_own_error():
    with pytest.raises(MyError, match=r"^size must be at least 1, got 0\. It is how many rows\.$"):
        checks.positive_int(0, "size", error=MyError, hint="It is how many rows.")
    with pytest.raises(ValueError, match=r"^vocab_size must be at least 258, got 257\.$"):
        checks.positive_int(257, "vocab_size", at_least=258)
    assert checks.positive_int(258, "vocab_size", at_least=258) == 258


@pytest.mark.parametrize("value", [0, -1, 1.5, False])
def test_one_sentence_and_one_class_for_both_failures(value):
    with pytest.raises(MyError) as info:
        checks.positive_int(value, "topn", error=MyError, type_error=MyError,
                            message="{name} must be a whole number >= 1, got {value!r}.")
    assert str(info.value) == f"topn must be a whole number >= 1, got {value!r}."


def test_text_check():
    assert checks.text("words") == "words"
    assert checks.text("") == ""  # empty is allowed unless an empty_error is given
    with pytest.raises(TypeError, match=r"^text must be a str, got bytes\. Decode it\.$"):
        checks.text(b"x", hint=lambda v: "Decode it." if isinstance(v, bytes) else "")
    with pytest.raises(TypeError, match=r"^text must be a str, got int\.$"):
        checks.text(3, hint=lambda v: "Decode it." if isinstance(v, bytes) else "")
    with pytest.raises(TypeError, match=r"^The txt must be a str, not list\. Read the file\.$"):
        checks.text(["a"], "txt", message="The {name} must be a str, not {type}.", hint="Read the file.")
    with pytest.raises(MyError, match="^nothing here$"):
        checks.text("", empty_error=MyError, empty_message="nothing here")
