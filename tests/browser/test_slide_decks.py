"""The offline slide decks of `make slides`, opened in Chromium at a projector's 1280x720.

The decks are exported afresh from today's notebooks into a temporary folder (the marks and outputs
under test, not a stale build), next to the assets `make slides` fetched into build/slides/assets/
(this test fetches nothing: without them it skips, or fails when ``CI`` is set, saying to run
`make slides`). A loopback server serves only that folder, and every request for anything else is
aborted and recorded: a deck that tries to load one address outside its folder fails.

Per deck: reveal.js counts as many slides, columns and fragments as the cell marks say; the keyboard
(Space) steps through every slide and fragment; on each slide, with every exercise solution opened,
no element lies outside the 1280x720 slide, no box scrolls or clips, and a slide the deck's script
had to scale down is scaled by no less than MIN_SCALE. No 404, no script error, the theme font and
(where a notebook has math) MathJax come from the folder, and each explorer shows its note.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import nbformat
import pytest

from tools.slide_decks import DEFAULT_OUT, export_decks, pinned_assets_in, uses_math
from tools.slides import TRANSLATED, deck_shape, default_notebooks

from .harness import in_ci
from .lab_pages import step

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 720
MIN_SCALE = 0.7  # a slide scaled below this has text under 13 px: split it with a `subslide` tag instead
# px a scroll box may hide: the padding of an inline `code` chip at the end of a line pokes a few px
# out of its paragraph's box without hiding any text (seen: 05's table-of-models paragraph)
CLIP_SLACK = 6

# The state of the current slide after opening its solutions (<details>) and letting the deck re-fit:
# where it is, its scale, how far its furthest element reaches past the slide box, and any box that
# scrolls or clips its content.
SLIDE_STATE = """async (CLIP_SLACK) => {
    const slide = Reveal.getCurrentSlide();
    const closed = [...slide.querySelectorAll('details')].filter(d => !d.open);
    closed.forEach(d => { d.open = true; });
    // opening fires 'toggle', on which the deck fits the slide again: let that happen first
    for (let i = 0; closed.length && i < 3; i++) await new Promise(r => requestAnimationFrame(r));
    const box = document.querySelector('.reveal .slides').getBoundingClientRect();
    let bottom = box.top, right = box.left;
    const clipped = [];
    slide.querySelectorAll('*').forEach(e => {
        const r = e.getBoundingClientRect();
        if (!(r.width || r.height)) return;
        bottom = Math.max(bottom, r.bottom);
        right = Math.max(right, r.right);
        const style = getComputedStyle(e);
        const dx = style.overflowX !== 'visible' ? e.scrollWidth - e.clientWidth : 0;
        const dy = style.overflowY !== 'visible' ? e.scrollHeight - e.clientHeight : 0;
        if (dx > CLIP_SLACK || dy > CLIP_SLACK) {
            clipped.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')} by ${dx}x${dy} px`);
        }
    });
    const indices = Reveal.getIndices();
    return {
        h: indices.h, v: indices.v || 0, f: indices.f === undefined ? -1 : indices.f,
        scale: Number(slide.dataset.t2tScale || 1),
        past_bottom: bottom - box.bottom, past_right: right - box.right,
        clipped: clipped.slice(0, 5),
        text: (slide.innerText || '').trim().slice(0, 60).replace(/\\s+/g, ' '),
    };
}"""


def edition_of(path: Path) -> str | None:
    for name, folder in TRANSLATED.items():
        if Path(path).resolve().parent == folder.resolve():
            return name
    return None


def deck_url_path(path: Path) -> str:
    edition = edition_of(path)
    return f"{edition + '/' if edition else ''}{Path(path).stem}.slides.html"


@pytest.fixture(scope="module")
def deck_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not pinned_assets_in(DEFAULT_OUT):
        message = (f"the decks' assets (reveal.js, require.js, jQuery, MathJax) are not in "
                   f"{DEFAULT_OUT}/assets at their pinned versions: run `make slides` first (it fetches "
                   f"them from npm)")
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("decks")
    (out / "assets").symlink_to((DEFAULT_OUT / "assets").resolve(), target_is_directory=True)
    with step("export every deck"):
        export_decks(out)
    return out


@pytest.fixture(scope="module")
def deck_server(deck_folder: Path):
    """A loopback HTTP server for the deck folder only (quiet; stopped after the module)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=deck_folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("notebook", default_notebooks(), ids=deck_url_path)
def test_deck_offline_every_slide_fits_1280x720(browser, deck_server: str, notebook: Path):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    outside, failed, errors = [], [], []

    def only_the_deck_folder(route):
        if route.request.url.startswith(deck_server + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_deck_folder)
    page = context.new_page()
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        with step(f"open {deck_url_path(notebook)}"):
            page.goto(f"{deck_server}/{deck_url_path(notebook)}")
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)

        shape = deck_shape(notebook)
        counted = page.evaluate("""() => ({
            slides: Reveal.getTotalSlides(),
            columns: Reveal.getHorizontalSlides().length,
            fragments: document.querySelectorAll('.reveal .slides .fragment').length,
        })""")
        assert counted == {k: shape[k] for k in ("slides", "columns", "fragments")}, (
            f"the deck has {counted}, the cell marks say {shape}"
        )

        seen, small, problems = set(), [], []
        presses = 0
        with step(f"step through {shape['slides']} slides and {shape['fragments']} fragments"):
            while True:
                state = page.evaluate(SLIDE_STATE, CLIP_SLACK)
                where = f"slide {state['h']}.{state['v']} ({state['text']!r})"
                seen.add((state["h"], state["v"]))
                if state["past_bottom"] > 1 or state["past_right"] > 1:
                    problems.append(f"{where} reaches {state['past_bottom']:.0f} px below and "
                                    f"{state['past_right']:.0f} px right of the 1280x720 slide")
                if state["clipped"]:
                    problems.append(f"{where} scrolls or clips content in {state['clipped']}")
                if state["scale"] < MIN_SCALE:
                    small.append(f"{where} is scaled to {state['scale']:.2f}")
                if page.evaluate("Reveal.isLastSlide() && !Reveal.availableFragments().next"):
                    break
                page.keyboard.press("Space")
                presses += 1
                page.wait_for_function(
                    "(s) => { const i = Reveal.getIndices(); return i.h !== s.h || (i.v || 0) !== s.v"
                    " || (i.f === undefined ? -1 : i.f) !== s.f; }",
                    arg=state, timeout=5_000,
                )
                assert presses <= shape["slides"] + shape["fragments"], "Space never reached the last slide"
        assert presses == shape["slides"] - 1 + shape["fragments"]
        assert len(seen) == shape["slides"], f"Space visited {len(seen)} of {shape['slides']} slides"
        assert not problems, "slides overflow 1280x720:\n" + "\n".join(problems)
        assert not small, f"slides scaled below {MIN_SCALE} (tag a cell `subslide`):\n" + "\n".join(small)

        font_loaded = page.evaluate(
            "[...document.fonts].some(f => f.family.includes('Source Sans Pro') && f.status === 'loaded')"
        )
        assert font_loaded, "the theme's font (Source Sans Pro, from reveal.js) did not load"
        stored = nbformat.read(notebook, as_version=4)
        views = sum("application/vnd.jupyter.widget-view+json" in output.get("data", {})
                    for cell in stored.cells for output in cell.get("outputs", []))  # fmt: skip
        shown = page.locator(".t2t-live-only").count()
        assert shown == views, f"{views} explorer output(s) in the notebook, {shown} note(s) in the deck"
        if uses_math(stored):
            assert page.locator("mjx-container").count() > 0, "the deck has math but MathJax typeset none"
        assert not outside, f"the deck tried to load from outside its folder: {outside}"
        assert not failed, f"requests that failed: {failed}"
        assert not errors, f"script errors: {errors}"
    finally:
        context.close()
