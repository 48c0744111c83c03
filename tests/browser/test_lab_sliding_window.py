"""Notebook 06 in JupyterLab: run all cells, move the stride slider with the keyboard, see the right
sample count and the right coloured windows.

The notebook is opened in a temporary copy; Run > Run All Cells runs it; the explorer's stride
slider is moved with the arrow keys (to a gap: stride = max_length + 2) and by typing into its readout
(to an overlap: stride = max_length - 1). After each move the shown counts and windows must equal what
``expectations`` computes from the token count: ``helpers.sampling.num_samples`` cross-checked with
``(N - max_length - 1) // stride + 1`` and the notes' loop.
"""

from __future__ import annotations

import re

import pytest

from .expectations import expected_samples, verdict_token_count
from .lab_pages import (
    expect_explorer_matches,
    expect_slider_value,
    open_notebook,
    press_on_slider,
    run_all_cells,
    slider,
    slider_value,
    step,
    type_in_slider_readout,
)

NOTEBOOK = "06_sliding_window_sampling.ipynb"

pytestmark = pytest.mark.browser


def check_stride_slider(page, server, notebook: str) -> None:
    with step(f"open {notebook}"):
        panel = open_notebook(page, server, notebook, workspace="sliding-window")
    with step("run all cells"):
        run_all_cells(page, panel)

    n_tokens = verdict_token_count()
    # the explorer over the-verdict (a notebook may show others, on other texts)
    explorer = panel.locator(".t2t-sliding-window-explorer").filter(
        has=page.locator(".t2t-count-tokens", has_text=re.compile(rf"^\s*{n_tokens}\s*$"))
    ).first
    stride = slider(explorer, "stride")
    max_length = slider_value(slider(explorer, "max_length"))
    with step("counts after Run All"):
        first = expect_explorer_matches(page, explorer, "after Run All")

    # Arrow keys on the focused handle: a gap of 2 tokens after every window.
    gap_stride = max_length + 2
    with step(f"arrow keys to stride {gap_stride}"):
        now = slider_value(stride)
        press_on_slider(stride, "ArrowRight" if gap_stride > now else "ArrowLeft", abs(gap_stride - now))
        expect_slider_value(stride, gap_stride)
        gap = expect_explorer_matches(page, explorer, "after the arrow keys")
    assert gap["samples"] == expected_samples(n_tokens, max_length, gap_stride) != first["samples"]
    assert gap["gap"] == 2 and gap["overlap"] == 0
    # In every stretch of gap_stride tokens after the first window, 2 are marked "never a target".
    assert [p for p in gap["never"] if p > 0][:2] == [max_length + 1, max_length + 2]
    assert any("gap" in lesson.lower() for lesson in window_lessons(explorer))

    # Typing into the readout: neighbouring windows now overlap by one token.
    overlap_stride = max(1, max_length - 1)
    with step(f"type stride {overlap_stride} in the readout"):
        type_in_slider_readout(stride, overlap_stride)
        expect_slider_value(stride, overlap_stride)
        overlap = expect_explorer_matches(page, explorer, "after typing into the readout")
    assert overlap["samples"] == expected_samples(n_tokens, max_length, overlap_stride) > first["samples"]
    assert overlap["gap"] == 0 and overlap["overlap"] == max_length - overlap_stride
    assert overlap["never"] == [0]  # with overlap, only the first token is never a target


def window_lessons(explorer) -> list[str]:
    return explorer.locator(".t2t-lesson").all_inner_texts()


def test_stride_slider_changes_counts_and_windows(page, lab_server):
    check_stride_slider(page, lab_server, NOTEBOOK)
