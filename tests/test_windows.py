"""Window arithmetic: counts, coverage and lessons of a sliding-window setting, without any tokens."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import windows
from helpers.windows import SamplingError, num_batches, num_samples, window_lessons, window_stats


@settings(deadline=None, max_examples=200)
@given(
    n=st.integers(0, 150),
    max_length=st.integers(1, 12),
    stride=st.integers(1, 15),
    batch_size=st.integers(1, 9),
    drop_last=st.booleans(),
)
def test_window_stats_match_brute_force(n, max_length, stride, batch_size, drop_last):
    s = window_stats(n, max_length, stride, batch_size, drop_last)
    starts = list(range(0, n - max_length, stride))
    covered = {p for a in starts for p in range(a, a + max_length + 1)}
    targets = {p for a in starts for p in range(a + 1, a + max_length + 1)}
    assert s.samples == len(starts)
    assert s.tokens_covered == len(covered)
    assert s.targets_covered == len(targets) and s.never_targets == n - len(targets)
    assert s.tail == (n - max(covered) - 1 if covered else n)
    full = len(starts) // batch_size
    assert s.batches == (full if drop_last else full + (len(starts) % batch_size > 0))
    assert s.lost_to_drop_last == (len(starts) % batch_size if drop_last else 0)
    assert s.overlap == (len(set(range(0, max_length)) & set(range(stride, stride + max_length))))
    assert windows.target_mask(n, max_length, stride, range(n)) == [p in targets for p in range(n)]


@settings(deadline=None, max_examples=100)
@given(n=st.integers(0, 120), max_length=st.integers(1, 12), stride=st.integers(1, 15),
       count=st.integers(0, 5))
def test_first_windows_are_the_notes_loop(n, max_length, stride, count):
    spans = windows.first_windows(n, max_length, stride, count)
    starts = list(range(0, n - max_length, stride))[:count]
    assert [s.start for s in spans] == starts and [s.index for s in spans] == list(range(len(starts)))
    assert all(s.input_stop - s.start == max_length and s.target_stop == s.input_stop + 1 for s in spans)
    assert num_samples(n, max_length, stride) == len(windows.window_starts(n, max_length, stride))


@pytest.mark.parametrize(
    "bad,error", [(0, SamplingError), (-2, SamplingError), (1.5, TypeError), (True, TypeError)]
)
def test_bad_settings_name_the_setting_and_what_it_means(bad, error):
    with pytest.raises(error, match=r"max_length .*number of tokens in each input window"):
        num_samples(100, bad, 1)
    with pytest.raises(error, match=r"stride .*how many tokens the window moves"):
        windows.window_starts(100, 4, bad)
    with pytest.raises(error, match=r"batch_size .*how many samples go into one batch"):
        num_batches(10, bad, drop_last=False)


def test_lessons_name_the_numbers_of_the_setting():
    assert "Text too short" in window_lessons(window_stats(3, 4, 1))[0]
    stats = window_stats(100, 4, 6, batch_size=5, drop_last=True)
    gap = window_lessons(stats)
    assert stats.lost_to_drop_last > 0
    assert "2 of every 6 tokens are never a target" in gap[0]
    assert any(f"throws away the last {stats.lost_to_drop_last} sample" in lesson for lesson in gap)
    assert "share 3 of their 4 input tokens" in window_lessons(window_stats(100, 4, 1))[0]


def test_window_arithmetic_needs_no_torch():
    code = "import sys, helpers.windows; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_leftover_after_the_last_window_is_named():
    # 10 tokens, windows of 4 moving by 4: targets 1-4 and 5-8, token 9 is never a target
    stats = window_stats(10, 4, 4)
    assert stats.tail == (10 - 1 - 4) % 4 == 1 and stats.never_targets == 2
    lessons = window_lessons(stats)
    assert "up to the last window's last target" in lessons[0]
    assert any(lesson.startswith("Leftover: the last 1 token(s)") for lesson in lessons)
    assert not any("Leftover" in lesson for lesson in window_lessons(window_stats(21, 4, 4)))
