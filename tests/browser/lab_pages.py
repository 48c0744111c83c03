"""What a learner does in JupyterLab and Voila, as Playwright steps that wait for conditions, not time.

Selectors follow JupyterLab 4.6 and ipywidgets 8: menus are found by role and name; a slider is the
``.widget-hslider`` box whose label names it, its handle has role ``slider`` and ``aria-valuetext``.
What the explorers draw is read through the CSS classes ``helpers.html_views`` documents as stable.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.request
from urllib.parse import quote

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

NOTEBOOK_OPEN_TIMEOUT = 30_000  # ms: page load, notebook render and kernel start
RUN_ALL_TIMEOUT = 45_000  # ms: every cell of one notebook (nbval budget is 8 s; the browser adds more)
# an output in stderr: a traceback or a warning (the notebooks have neither)
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


@contextlib.contextmanager
def step(name: str):
    """Time one step of a test; the times show under "Captured stdout" when a test fails (or with -s)."""
    started = time.monotonic()
    try:
        yield
    finally:
        print(f"step {name}: {time.monotonic() - started:.1f} s", flush=True)


def lab_url(server, notebook: str, workspace: str) -> str:
    """URL opening ``notebook`` in a fresh, private workspace (no tabs restored from earlier tests)."""
    return (
        f"{server.url}/lab/workspaces/{quote(workspace)}/tree/{quote(notebook)}"
        f"?reset&token={server.token}"
    )


def open_notebook(page: Page, server, notebook: str, workspace: str) -> Locator:
    """Open ``notebook`` and wait until it is shown with its kernel idle; return the notebook panel."""
    page.goto(lab_url(server, notebook, workspace), timeout=NOTEBOOK_OPEN_TIMEOUT)
    name = notebook.rsplit("/", 1)[-1]  # a tab shows the file name, not the folder (notebooks/zh)
    tab = page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name)
    expect(tab).to_be_visible(timeout=NOTEBOOK_OPEN_TIMEOUT)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(panel.locator(".jp-Cell").first).to_be_visible(timeout=NOTEBOOK_OPEN_TIMEOUT)
    wait_kernel_idle(page, panel, server, notebook, NOTEBOOK_OPEN_TIMEOUT)
    return panel


def server_kernel_state(server, notebook: str) -> str | None:
    """The execution state the server reports for the kernel of ``notebook``'s session (None: no session)."""
    with urllib.request.urlopen(f"{server.url}/api/sessions?token={server.token}", timeout=5) as response:
        sessions = json.load(response)
    states = [s["kernel"]["execution_state"] for s in sessions if s["path"] == notebook and s.get("kernel")]
    return states[0] if len(states) == 1 else None


def wait_kernel_idle(page: Page, panel: Locator, server, notebook: str, timeout: float) -> None:
    """Wait until the notebook's kernel is started and idle, as the server and the page both see it.

    The page's indicator alone says "idle" before any kernel exists, so the server is asked too.
    """
    indicator = panel.locator(".jp-Notebook-ExecutionIndicator")
    deadline = time.monotonic() + timeout / 1000
    while server_kernel_state(server, notebook) != "idle":
        if time.monotonic() > deadline:
            raise AssertionError(f"the kernel of {notebook} did not start within {timeout / 1000:.0f} s")
        page.wait_for_timeout(100)
    expect(indicator).to_have_attribute("data-status", "idle", timeout=timeout)


def run_all_cells(page: Page, panel: Locator, timeout: float = RUN_ALL_TIMEOUT) -> None:
    """Edit > Clear Outputs of All Cells, then Run > Run All Cells; wait until every code cell ran.

    The notebooks are stored with their outputs and execution counts, so the prompts are cleared
    first: a number in a prompt then proves that the cell ran in this browser session.
    """
    page.get_by_role("menuitem", name="Edit", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Clear Outputs of All Cells")).click()
    page.wait_for_function(
        """(panel) => [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                         .every(p => !/\\d/.test(p.textContent))""",
        arg=panel.element_handle(),
        timeout=timeout,
    )
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    wait_all_cells_ran(page, panel, timeout)


def wait_all_cells_ran(page: Page, panel: Locator, timeout: float) -> None:
    """Wait until every code cell shows a number in its prompt ("[*]" and "[ ]" are still pending);
    fail at once, with the message, if a cell writes to stderr (an error or a warning).

    The status bar's "Idle" can be stale, so this looks at the prompts themselves.
    """
    try:
        page.wait_for_function(
            """({panel, stderr}) => {
                if (panel.querySelector(stderr)) return true;
                const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
            }""",
            arg={"panel": panel.element_handle(), "stderr": STDERR},
            timeout=timeout,
        )
    except PlaywrightTimeoutError:
        prompts = panel.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        pending = [i for i, p in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", p.strip())]
        raise AssertionError(
            f"not every cell ran within {timeout / 1000:.0f} s: code cells {pending} of {len(prompts)} still "
            f"show {[prompts[i] for i in pending][:5]} (\"[*]\" running or queued, \"[ ]\" never sent)"
        ) from None
    errors = panel.locator(STDERR)
    if errors.count():
        raise AssertionError(f"a cell wrote to stderr while running all cells:\n{errors.first.inner_text()}")


def slider(scope: Page | Locator, label: str) -> Locator:
    """The ipywidgets slider whose description is exactly ``label`` (the whole ``.widget-hslider`` box)."""
    page = scope if isinstance(scope, Page) else scope.page  # a `has=` locator starts at the page
    return scope.locator(".widget-hslider").filter(
        has=page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )


def slider_value(box: Locator) -> int:
    """The value a slider shows on its handle (``aria-valuenow``, "6.0" for 6)."""
    return int(float(box.locator(".noUi-handle").get_attribute("aria-valuenow")))


def expect_slider_value(box: Locator, value: int) -> None:
    """Wait until the slider's handle and its readout both show ``value``."""
    expect(box.locator(".noUi-handle")).to_have_attribute("aria-valuetext", str(value))
    expect(box.locator(".widget-readout")).to_have_text(str(value))


def press_on_slider(box: Locator, key: str, times: int = 1) -> None:
    """Focus the slider's handle and press ``key`` (ArrowRight, ArrowLeft, ...) ``times`` times."""
    handle = box.locator(".noUi-handle")
    handle.focus()
    for _ in range(times):
        handle.press(key)


def type_in_slider_readout(box: Locator, value: int) -> None:
    """Type a value into the slider's editable readout and press Enter (another keyboard route)."""
    readout = box.locator(".widget-readout")
    readout.click()
    readout.press("Control+a")
    readout.type(str(value))
    readout.press("Enter")


def wait_until_equal(read, expected, what: str, timeout: float = 20_000, page: Page | None = None):
    """Poll ``read()`` until it returns ``expected``; on time-out fail showing both. Returns the value."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        actual = read()
        if actual == expected:
            return actual
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{what}: after {timeout / 1000:.0f} s the page shows\n  {actual!r}\nexpected\n  {expected!r}"
            )
        if page is not None:
            page.wait_for_timeout(100)
        else:
            time.sleep(0.1)


# --- what the explorers render (CSS classes from helpers.html_views) ---

_READ_PLAYGROUND = """(root) => {
    const rows = {};
    for (const row of root.querySelectorAll('.t2t-row')) {
        const key = [...row.classList].find(c => c.startsWith('t2t-row-') && c !== 't2t-row-label')
                                      .slice('t2t-row-'.length);
        const error = row.querySelector('.t2t-error');
        const chips = [...row.querySelectorAll('.t2t-token')];
        rows[key] = {
            error: error ? error.textContent : null,
            pieces: chips.map(c => c.childNodes[0].textContent),
            ids: chips.map(c => c.querySelector('small')).map(s => s ? Number(s.textContent) : null),
            unknown: chips.flatMap((c, i) => c.classList.contains('t2t-unknown') ? [i] : []),
        };
    }
    return rows;
}"""


def playground_rows(playground: Locator) -> dict:
    """The tokenizer playground's rows as {key: {error, pieces, ids, unknown}} (pieces as shown)."""
    return playground.locator(".t2t-playground").evaluate(_READ_PLAYGROUND)


_READ_WINDOWS = """(root) => {
    const count = name => Number(root.querySelector('.t2t-count-' + name).textContent);
    const table = root.querySelector('.t2t-window-table');
    const windows = [];  // each window has two rows (input, target), both of class t2t-window-<index>
    for (const tr of table.querySelectorAll('tr.t2t-window')) {
        const index = Number([...tr.classList].find(c => /^t2t-window-\\d+$/.test(c)).slice(11));
        const cells = [...tr.querySelectorAll('td')];
        const where = cls => cells.flatMap((td, i) => td.classList.contains(cls) ? [i] : []);
        windows[index] = windows[index] || {inputs: [], targets: []};
        windows[index].inputs.push(...where('t2t-in'));
        windows[index].targets.push(...where('t2t-tgt'));
    }
    const never = [...table.querySelectorAll('td.t2t-never')].map(td => td.cellIndex - 1);
    return {
        samples: count('samples'), tokens: count('tokens'), gap: count('gap'), overlap: count('overlap'),
        never_targets: count('never-targets'),
        positions: table.querySelector('tr').querySelectorAll('th').length - 1,
        windows, never,
        lessons: [...root.querySelectorAll('.t2t-lesson')].map(li => li.textContent),
    };
}"""


def window_view(explorer: Locator) -> dict:
    """What the sliding-window explorer shows: counts, the coloured windows (per window, the table
    columns coloured as input and as target), the columns marked "never a target", the lessons."""
    return explorer.locator(".t2t-sliding-windows").evaluate(_READ_WINDOWS)


def expect_explorer_matches(page: Page, explorer: Locator, what: str) -> dict:
    """Wait until the sliding-window explorer shows, for the slider values now on the page, the counts
    and coloured windows computed independently in ``expectations``; return that view."""
    from .expectations import expected_view, verdict_token_count, without_lessons

    max_length = slider_value(slider(explorer, "max_length"))
    stride = slider_value(slider(explorer, "stride"))
    n_tokens = verdict_token_count()

    def read():
        view = without_lessons(window_view(explorer))
        drawn = {"positions": view["positions"], "windows": len(view["windows"])}
        return view, expected_view(n_tokens, max_length, stride, **drawn)

    deadline = time.monotonic() + 20
    while True:
        view, expected = read()
        if view == expected:
            break
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{what} (max_length={max_length}, stride={stride}): after 20 s the explorer shows\n"
                f"  {view!r}\nexpected\n  {expected!r}"
            )
        page.wait_for_timeout(100)
    assert len(view["windows"]) >= min(2, view["samples"]), "the explorer should draw at least two windows"
    return view


# --- the Voila apps (make app) on a projector ---

APP_LOAD_TIMEOUT = 120_000  # ms: Voila runs the app notebook (kernel start, torch import, maybe training)
PROJECTOR = {"width": 1280, "height": 720}
MIN_FONT_PX = 16

_MEASURE_PAGE = """([MIN_FONT_PX, allowed]) => {
    const root = document.scrollingElement;
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const el = node.parentElement;
        if (!node.textContent.trim() || !el || el.closest('svg, script, style')) continue;
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < MIN_FONT_PX) small.push(`${size}px <${el.tagName.toLowerCase()} class="${el.className}">` +
                                  node.textContent.trim().slice(0, 40));
    }
    const scrolling = [...document.querySelectorAll('body *')].filter(el =>
        !(allowed && el.firstElementChild && el.firstElementChild.matches(allowed)) &&
        el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
        .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ` +
                   `${el.scrollWidth}/${el.clientWidth}px`);
    return {pageWidth: root.scrollWidth, viewWidth: root.clientWidth, small, scrolling};
}"""


def open_app(page: Page, server, notebook: str, selector: str) -> Locator:
    """Open one app at a projector's size and wait until its explorer (``selector``) is shown."""
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{server.url}/voila/render/{quote(notebook)}", wait_until="commit", timeout=APP_LOAD_TIMEOUT)
    explorer = page.locator(selector)
    expect(explorer).to_be_visible(timeout=APP_LOAD_TIMEOUT)
    return explorer


def expect_fits_projector(page: Page, what: str, may_scroll: str | None = None) -> None:
    """The page needs no sideways scrolling at 1280x720 (neither the page nor any box in it, except a
    box around an element matching ``may_scroll``) and no visible text outside figures is smaller than
    16 px; no Jupyter notification or dialog is shown."""
    measured = page.evaluate(_MEASURE_PAGE, [MIN_FONT_PX, may_scroll])
    assert page.viewport_size == PROJECTOR
    assert measured["pageWidth"] <= measured["viewWidth"], f"{what}: the page scrolls sideways: {measured}"
    assert not measured["scrolling"], f"{what}: boxes scroll sideways: {measured['scrolling']}"
    assert not measured["small"], f"{what}: text under {MIN_FONT_PX} px: {measured['small'][:10]}"
    assert page.locator(".jp-toast, .Toastify__toast, .jp-Dialog").count() == 0, f"{what}: a pop-up is shown"
