"""The classroom app: `make app` serves the sliding-window explorer with Voila, code hidden.

The ``voila_server`` fixture starts Voila exactly as the Makefile's ``app`` target does (on a free
loopback port). The page must show the title and the explorer but no code, and moving the stride
slider with the keyboard must change the sample count to the formula's value.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .expectations import expected_samples, verdict_token_count
from .lab_pages import (
    expect_explorer_matches,
    expect_slider_value,
    press_on_slider,
    slider,
    slider_value,
    step,
)

pytestmark = pytest.mark.browser

APP_LOAD_TIMEOUT = 60_000  # ms: Voila runs the notebook (kernel start, torch import) before showing it


def test_app_renders_without_code_and_the_stride_slider_works(page, voila_server):
    with step("load the app"):
        page.goto(f"{voila_server.url}/", wait_until="commit", timeout=APP_LOAD_TIMEOUT)
        explorer = page.locator(".t2t-sliding-window-explorer")
        expect(explorer).to_be_visible(timeout=APP_LOAD_TIMEOUT)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sliding windows")
    # Voila hides the code: no editor, empty input areas, and none of the cell's source on the page.
    assert page.locator(".jp-CodeMirrorEditor, .cm-editor, .CodeMirror, .jp-InputPrompt").count() == 0
    inputs = [text for text in page.locator(".jp-CodeCell .jp-InputArea").all_inner_texts() if text.strip()]
    assert not inputs, f"Voila shows code: {inputs}"
    html = page.content()
    assert "SlidingWindowExplorer" not in html and "from helpers" not in html

    with step("check the first counts"):
        before = expect_explorer_matches(page, explorer, "as loaded")
    stride = slider(explorer, "stride")
    max_length = slider_value(slider(explorer, "max_length"))
    old = slider_value(stride)
    with step("press ArrowRight on stride"):
        press_on_slider(stride, "ArrowRight", times=3)
        expect_slider_value(stride, old + 3)
        after = expect_explorer_matches(page, explorer, "after ArrowRight x3 on stride")
    assert after["samples"] == expected_samples(verdict_token_count(), max_length, old + 3)
    assert after["samples"] < before["samples"]
