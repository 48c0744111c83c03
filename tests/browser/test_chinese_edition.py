"""The Chinese edition in a real browser: Chinese drawn as glyphs, not boxes, in JupyterLab and in
Voila; its figures drawn with a CJK font; JupyterLab's own menus in Chinese with ``make lab-zh``.

``glyphs.probe`` compares, in the page's own font, each Chinese character with the empty box of a
character no font has. ``test_the_probe_sees_boxes_without_a_cjk_font`` shows that it can fail: the
same probe in a browser that sees only the DejaVu fonts reports boxes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .glyphs import assert_real_glyphs, probe
from .lab_pages import STDERR, open_notebook, run_all_cells, step

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "06_sliding_window_sampling.ipynb"
APP_LOAD_TIMEOUT = 60_000  # ms: Voila runs the notebook before it shows it
CHINESE_PAGE = "<p style='font-family: sans-serif'>词元、词汇表、滑动窗口</p>"
ONLY_DEJAVU = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{cache}</cachedir></fontconfig>"""


def test_the_probe_sees_glyphs_here_and_boxes_without_a_cjk_font(page, browser_type, browser_type_launch_args,
                                                                 tmp_path: Path):
    page.set_content(CHINESE_PAGE)
    assert_real_glyphs(page, "body", "a page with the system's fonts")
    if not Path("/usr/share/fonts/truetype/dejavu").is_dir():
        pytest.fail("this check needs Debian's fonts-dejavu-core (installed with chromium)")
    conf = tmp_path / "fonts.conf"
    conf.write_text(ONLY_DEJAVU.format(cache=tmp_path / "fc-cache"))
    env = {**browser_type_launch_args.get("env", {}), "FONTCONFIG_FILE": str(conf)}
    without_cjk = browser_type.launch(**{**browser_type_launch_args, "env": env})
    try:
        other = without_cjk.new_page()
        other.set_content(CHINESE_PAGE)
        found = probe(other)
    finally:
        without_cjk.close()
    assert found is not None and found["boxes"] == found["chars"], found


def test_a_chinese_notebook_in_jupyterlab_shows_glyphs_and_its_figures_draw_chinese(page, lab_server):
    if not (ROOT / "notebooks" / "zh" / NOTEBOOK).exists():
        pytest.fail(f"notebooks/zh/{NOTEBOOK} is missing: build the Chinese edition (make zh)", pytrace=False)
    with step(f"open zh/{NOTEBOOK}"):
        panel = open_notebook(page, lab_server, f"zh/{NOTEBOOK}", workspace="zh-glyphs")
    with step("Chinese prose drawn as glyphs"):
        assert_real_glyphs(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown", "JupyterLab")
    with step("run all cells: no stderr, so no 'Glyph ... missing from font' warning from matplotlib"):
        run_all_cells(page, panel)  # fails at once on any stderr output
    figures = panel.locator(".jp-OutputArea-output img")
    assert figures.count() > 0, "the notebook draws figures"
    assert panel.locator(STDERR).count() == 0


def test_the_chinese_app_in_voila_shows_glyphs(page, voila_zh_server):
    with step("load the Chinese app"):
        page.goto(f"{voila_zh_server.url}/", wait_until="commit", timeout=APP_LOAD_TIMEOUT)
        expect(page.locator(".t2t-sliding-window-explorer")).to_be_visible(timeout=APP_LOAD_TIMEOUT)
    assert_real_glyphs(page, "body", "Voila")
    assert page.locator(STDERR).count() == 0


def test_make_lab_zh_shows_jupyterlab_menus_in_chinese(page, lab_zh_server):
    page.goto(f"{lab_zh_server.url}/lab?reset&token={lab_zh_server.token}")
    menubar = page.locator("#jp-MainMenu")
    expect(menubar.get_by_role("menuitem", name=re.compile(r"^文件"))).to_be_visible(timeout=30_000)
    expect(menubar.get_by_role("menuitem", name=re.compile(r"^编辑"))).to_be_visible()
    assert menubar.get_by_role("menuitem", name="File", exact=True).count() == 0
    assert_real_glyphs(page, "#jp-MainMenu", "JupyterLab's menu")
