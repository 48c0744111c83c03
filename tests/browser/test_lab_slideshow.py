"""jupyterlab-slideshow in JupyterLab: notebook 06 presented live, its explorer working in the slides.

`make lab` installs jupyterlab-slideshow (pinned in pyproject.toml with the jupyterlab-fonts it needs).
It presents the notebook inside JupyterLab itself, so the explorers in the slides are the notebook's
own ipywidgets on its own kernel. Here it must be an enabled, compatible lab extension next to every
other installed one (`jupyter labextension list`), and in a real JupyterLab, as the README tells
teachers: notebook 06 is run (Run All), its title cell clicked, the presentation started with the
notebook toolbar's slideshow button (the title slide alone on screen), and stepped with the right
arrow key to the explorer's slide. The explorer is a live widget there (its sliders, and counts that
match ``expectations``), and one arrow key on its stride slider changes the sample count to what
``expectations`` computes for the new stride.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import Locator, Page, expect

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
)

NOTEBOOK = "06_sliding_window_sampling.ipynb"
SLIDESHOW = "jupyterlab-slideshow v0.3.4"
FONTS = "@deathbeds/jupyterlab-fonts v3.0.0"
ON_SCREEN = re.compile(r"\bjp-deck-mod-onscreen\b")  # jupyterlab-slideshow's class for the cells shown
PRESENTING = "body[data-jp-deck-mode='presenting']"
MAX_STEPS = 40  # right-arrow steps from the title before giving up (the explorer comes after ~10)

pytestmark = pytest.mark.browser


def labextensions(env: dict) -> str:
    listed = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    return re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)  # no colours


def test_slideshow_is_enabled_and_every_lab_extension_is_compatible(jupyter_env: dict):
    text = labextensions(jupyter_env)
    rows = [row.strip() for row in text.splitlines() if re.search(r" v\d+\.\S+ ", row)]
    for name in (SLIDESHOW, FONTS):
        assert any(row.startswith(f"{name} enabled OK") for row in rows), f"{name}: not enabled, OK\n{text}"
    broken = [row for row in rows if not re.search(r" enabled\s+OK\b", row)]
    assert rows and not broken, f"lab extensions not enabled or not compatible: {broken}\n{text}"
    assert "may be outdated" not in text, text  # Lab's own warning about an incompatible extension


def on_screen(cell: Locator) -> bool:
    return bool(ON_SCREEN.search(cell.get_attribute("class") or ""))


def step_to(page: Page, cell: Locator, what: str) -> int:
    """Press the right arrow, as a presenter does, until ``cell`` is on the slide shown; return how
    many presses that took."""
    for presses in range(MAX_STEPS + 1):
        if on_screen(cell):
            return presses
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)  # the deck moves on to the next slide or fragment
    raise AssertionError(f"{what} is not on screen after {MAX_STEPS} presses of the right arrow")


def test_slideshow_presents_the_explorer_working(page, lab_server):
    with step(f"open {NOTEBOOK} and run all cells"):
        panel = open_notebook(page, lab_server, NOTEBOOK, workspace="slideshow")
        run_all_cells(page, panel)
    n_tokens = verdict_token_count()
    # the explorer over the-verdict (the notebook shows others, on other texts) and the cell holding it
    explorer = page.locator(".t2t-sliding-window-explorer").filter(
        has=page.locator(".t2t-count-tokens", has_text=re.compile(rf"^\s*{n_tokens}\s*$"))
    ).first
    cell = panel.locator(".jp-CodeCell").filter(has=explorer).first
    title = panel.locator(".jp-Cell").first

    # The presentation is the app's state (the other Lab tests share this server): always end it.
    try:
        with step("click the title cell, then the notebook toolbar's slideshow button"):
            title.click()
            panel.locator('.jp-Toolbar [data-command="deck:toggle"]').first.click()
            expect(page.locator(PRESENTING)).to_have_count(1)
            expect(title).to_have_class(ON_SCREEN)
            expect(cell).not_to_have_class(ON_SCREEN)  # the title slide alone, not the whole notebook
            expect(explorer).not_to_be_visible()

        with step("the right arrow steps to the explorer's slide"):
            presses = step_to(page, cell, "the explorer's cell")
            assert presses > 1, "the explorer should be some slides after the title"
            expect(page.locator(PRESENTING)).to_have_count(1)  # still presenting
            expect(title).not_to_have_class(ON_SCREEN)

        with step("the explorer is a live widget on that slide"):
            expect(explorer).to_be_visible()
            stride = slider(explorer, "stride")
            expect(stride).to_have_class(re.compile(r"\bwidget-slider\b"))  # an ipywidgets slider view
            expect(stride.locator(".noUi-handle")).to_be_visible()
            first = expect_explorer_matches(page, explorer, "in the slideshow")

        with step("one arrow key on the stride slider, in the slideshow"):
            before = slider_value(stride)
            max_length = slider_value(slider(explorer, "max_length"))
            press_on_slider(stride, "ArrowRight")
            expect_slider_value(stride, before + 1)
            expected = expected_samples(n_tokens, max_length, before + 1)
            expect(explorer.locator(".t2t-count-samples")).to_have_text(str(expected))
            moved = expect_explorer_matches(page, explorer, "after the arrow key in the slideshow")
            expect(page.locator(PRESENTING)).to_have_count(1)  # the key moved the slider, not the deck
            expect(cell).to_have_class(ON_SCREEN)
    finally:
        with step("Esc ends the presentation"):
            page.keyboard.press("Escape")
            expect(page.locator(PRESENTING)).to_have_count(0)
    assert moved["samples"] == expected != first["samples"]
