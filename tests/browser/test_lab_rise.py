"""RISE (jupyterlab-rise) in JupyterLab: a notebook presented live as reveal.js slides, widgets working.

`make lab` installs jupyterlab-rise (pinned in pyproject.toml). Here it must be a prebuilt lab
extension that is enabled and compatible (`jupyter labextension list`), and in a real JupyterLab:
notebook 06 is opened, run (Run All), its explorer's cell selected, and the notebook presented with
View > "Render as Reveal Slideshow": the slideshow has as many columns as the notebook's cells marked
`slide`, opens at the explorer's slide, a cell run there (Ctrl+Enter) runs on the notebook's own
kernel (a new execution number and the kernel's output), and reveal's right arrow goes on to the
next column.

Not tested, because it does not work: ipywidgets 8 views inside jupyterlab-rise 0.43.1's slideshow
show only their text ("SlidingWindowExplorer(5145 tokens)"), an open upstream bug
(jupyterlab-contrib/rise issues 119 and 126). The README says to drive the explorers in the notebook
itself or with `make app` during a lecture.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tools.slides import deck_shape

from .expectations import verdict_token_count
from .lab_pages import open_notebook, run_all_cells, step, wait_until_equal

NOTEBOOK = "06_sliding_window_sampling.ipynb"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser


def test_rise_is_an_enabled_compatible_lab_extension(jupyter_env: dict):
    listed = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], env=jupyter_env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    text = re.sub(r"\x1b\[[0-9;]*m", "", listed.stdout + listed.stderr)  # no colours
    line = next((row for row in text.splitlines() if "jupyterlab-rise" in row), None)
    assert line is not None, f"jupyterlab-rise is not installed:\n{text}"
    assert re.search(r"jupyterlab-rise v0\.43\.1 enabled\s+OK", line), line


def test_rise_presents_the_notebook_on_its_kernel(page, lab_server):
    with step(f"open {NOTEBOOK} and run all cells"):
        panel = open_notebook(page, lab_server, NOTEBOOK, workspace="rise")
        run_all_cells(page, panel)
    n_tokens = verdict_token_count()
    explorer = page.locator(".t2t-sliding-window-explorer")
    in_notebook = panel.locator(".jp-CodeCell").filter(has=explorer).first
    with step("select the explorer's cell, then View > Render as Reveal Slideshow"):
        in_notebook.locator(".jp-InputArea-prompt").click()  # the slideshow opens at the active cell
        page.get_by_role("menuitem", name="View", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Render as Reveal Slideshow")).click()
        frame = page.frame_locator("iframe").first
        expect(frame.locator(".reveal .slides > section").first).to_be_attached(timeout=30_000)

    shape = deck_shape(ROOT / "notebooks" / NOTEBOOK)
    columns = frame.locator(".reveal .slides > section")
    wait_until_equal(columns.count, shape["columns"], "RISE's columns (cells marked 'slide')", page=page)
    present = frame.locator(".reveal .slides section.present")
    expect(present.filter(has_text="The sliding-window explorer").first).to_be_visible()
    with step("run the explorer's cell inside the slideshow (Ctrl+Enter: run, stay on the slide)"):
        cell = present.locator(".jp-CodeCell").filter(has_text="SlidingWindowExplorer()").first
        before = cell.locator(".jp-InputArea-prompt").inner_text()
        cell.locator(".jp-InputArea-editor").click()
        cell.locator(".jp-InputArea-editor").press("Control+Enter")
        # the same kernel as the notebook runs it: the next execution number, and its output
        expect(cell.locator(".jp-InputArea-prompt")).not_to_have_text(before)
        expect(cell.locator(".jp-InputArea-prompt")).to_have_text(re.compile(r"^\[\d+\]:$"))
        output = cell.locator(".jp-OutputArea-output")
        expect(output).to_contain_text(f"SlidingWindowExplorer({n_tokens} tokens)")

    with step("reveal's right arrow goes on to the next column"):
        frame.locator(".reveal .controls .navigate-right").click()
        expect(present.filter(has_text="The sliding-window explorer")).to_have_count(0)
        # (right goes to the next column, past the exercises stacked below the explorer)
        expect(present.filter(has_text="Common mistakes").first).to_be_visible()
