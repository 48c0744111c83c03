"""The sliding-window app: `make app` serves it with Voila, code hidden.

The ``voila_server`` fixture starts Voila exactly as the Makefile's ``app`` target does (on a free
loopback port). The page must show the title and the explorer but no code, fit a projector (1280x720,
no sideways scrolling, text of 16 px or more), and moving the stride slider with the keyboard must
change the sample count to the formula's value, in both editions (the Chinese app from apps/zh). The other
apps: ``test_voila_apps.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .expectations import expected_samples, verdict_token_count
from .lab_pages import (
    expect_explorer_matches,
    expect_fits_projector,
    expect_slider_value,
    open_app,
    press_on_slider,
    slider,
    slider_value,
    step,
)

pytestmark = pytest.mark.browser

# Both editions: the Chinese app (apps/zh, built by `make zh`) is the same explorer speaking Chinese; its
# counts and windows are read from the page's classes, so the same checks hold in either language.
EDITIONS = [
    pytest.param("sliding_window_explorer.ipynb", "Sliding windows", "en", id="en"),
    pytest.param("zh/sliding_window_explorer.ipynb", "滑动窗口", "zh_CN", id="zh"),
]


@pytest.mark.parametrize(("notebook", "heading", "language"), EDITIONS)
def test_app_renders_without_code_and_the_stride_slider_works(page, voila_server, notebook, heading,
                                                              language):
    with step(f"load the app ({notebook})"):
        explorer = open_app(page, voila_server, notebook, ".t2t-sliding-window-explorer")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    if language == "zh_CN":  # the explorer's own words are Chinese too, not only the markdown
        expect(explorer).to_contain_text("词元")
    # Voila hides the code: no editor, empty input areas, and none of the cell's source on the page.
    assert page.locator(".jp-CodeMirrorEditor, .cm-editor, .CodeMirror, .jp-InputPrompt").count() == 0
    inputs = [text for text in page.locator(".jp-CodeCell .jp-InputArea").all_inner_texts() if text.strip()]
    assert not inputs, f"Voila shows code: {inputs}"
    html = page.content()
    assert "SlidingWindowExplorer" not in html and "from helpers" not in html

    with step("check the first counts"):
        before = expect_explorer_matches(page, explorer, "as loaded")
        expect_fits_projector(page, "sliding windows as loaded")
    stride = slider(explorer, "stride")
    max_length = slider_value(slider(explorer, "max_length"))
    old = slider_value(stride)
    with step("press ArrowRight on stride"):
        press_on_slider(stride, "ArrowRight", times=3)
        expect_slider_value(stride, old + 3)
        after = expect_explorer_matches(page, explorer, "after ArrowRight x3 on stride")
    assert after["samples"] == expected_samples(verdict_token_count(), max_length, old + 3)
    assert after["samples"] < before["samples"]
    # One table column per token: with windows 7 apart the first three windows span 26 tokens, wider
    # than a projector at 16 px; that table scrolls in its own box, the page itself must not.
    expect_fits_projector(page, "sliding windows after moving stride", may_scroll=".t2t-window-table")
