"""Every explorer as an app (`make app`): the index links them all; each app fits a projector and
answers a learner's action with what the functions behind it compute.

Voila serves ``apps/`` as the Makefile does (``voila_server``). Each app is opened at 1280x720, one
control is used as a learner would (typing, a dropdown), and the page is compared with values computed
here from the helpers' functions (not from the explorer's own code). The sliding-window app has its
own module (``test_voila_app.py``).
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
import torch
from playwright.sync_api import expect

from helpers.apps import INDEX, notebook_title
from helpers.embeddings import (
    causal_curves,
    explorer_queries,
    parse_token_ids,
    position_scores,
    seeded_token_embedding,
)
from helpers.word2vec import DEFAULT_SETTINGS, wiki_sentences
from helpers.word_maps import CANDIDATE_GROUPS, parse_word_list

from .lab_pages import (
    APP_LOAD_TIMEOUT,
    PROJECTOR,
    expect_fits_projector,
    open_app,
    playground_rows,
    step,
    wait_until_equal,
)
from .test_lab_tokenizer_playground import expected_rows

pytestmark = pytest.mark.browser

APPS = Path(__file__).resolve().parents[2] / "apps"
EXPLORERS = {  # the five explorers of issue 16 and the class each app's widget carries
    "sliding_window_explorer.ipynb": ".t2t-sliding-window-explorer",
    "tokenizer_playground.ipynb": ".t2t-tokenizer-playground",
    "embedding_lookup_explorer.ipynb": ".t2t-lookup-explorer",
    "positions_explorer.ipynb": ".t2t-positions-explorer",
    "word_picker.ipynb": ".t2t-word-picker",
}


def test_the_index_opens_first_and_links_every_app(page, voila_server):
    apps = sorted(p.name for p in APPS.glob("*.ipynb") if p.name != INDEX)
    assert apps == sorted(EXPLORERS), "apps/ holds exactly the five explorers and the index"
    page.set_viewport_size(PROJECTOR)
    with step("open / (the index)"):
        page.goto(f"{voila_server.url}/", timeout=APP_LOAD_TIMEOUT)
        links = page.locator("a.t2t-app-link")
        expect(links).to_have_count(len(apps), timeout=APP_LOAD_TIMEOUT)
    assert page.url.endswith(f"/voila/render/{INDEX}")
    shown = {link.get_attribute("href"): link.inner_text() for link in links.all()}
    assert set(shown) == set(apps)
    for name, text in shown.items():  # each line is the app's own title (backticks drawn as code)
        assert text == notebook_title(APPS / name).replace("`", ""), name
    assert page.locator(".jp-CodeMirrorEditor, .cm-editor, .jp-InputPrompt").count() == 0
    expect_fits_projector(page, "the index")
    with step("follow the link to the tokenizer playground"):  # Jupyter opens output links in a new tab
        with page.expect_popup() as opened:
            page.locator("a.t2t-app-link[href='tokenizer_playground.ipynb']").click()
        app = opened.value
        expect(app.locator(EXPLORERS["tokenizer_playground.ipynb"])).to_be_visible(timeout=APP_LOAD_TIMEOUT)
        app.close()


def test_tokenizer_playground_app(page, voila_server):
    with step("load"):
        playground = open_app(page, voila_server, "tokenizer_playground.ipynb", ".t2t-tokenizer-playground")
    expect_fits_projector(page, "tokenizer playground as loaded")
    text = "Jack Gisburn--a cheap genius, Hello"
    with step("type a text"):
        box = playground.locator("textarea")
        box.click()
        box.press("Control+a")
        box.press_sequentially(text)
        rows = wait_until_equal(lambda: playground_rows(playground), expected_rows(text),
                                f"rows for {text!r}", page=page)
    assert rows["v2"]["unknown"], "Hello is not in the verdict's vocabulary"
    expect_fits_projector(page, "tokenizer playground after typing")


def open_and_type(page, server, notebook: str, selector: str, typed: str, what: str):
    """Open an app, check it fits the projector, then type ``typed`` into its one-line text box and
    press Enter (the box updates on Enter, not on every key). Returns the explorer."""
    with step(f"load {notebook}"):
        explorer = open_app(page, server, notebook, selector)
    expect_fits_projector(page, f"{what} as loaded")
    with step(f"type {typed!r}"):
        box = explorer.locator(".widget-text input")
        box.fill(typed)
        box.press("Enter")
    return explorer


def test_embedding_lookup_app(page, voila_server):
    typed = "4, 0, 4"
    explorer = open_and_type(page, voila_server, "embedding_lookup_explorer.ipynb", ".t2t-lookup-explorer",
                             typed, "embedding lookup")
    with step("check the rows and the output"):
        ids = parse_token_ids(typed)
        output = seeded_token_embedding(6, 3)(torch.tensor(ids)).detach()  # the app's defaults, seed 123
        expect(explorer.locator(".t2t-output")).to_have_text(f"output = {output}")
    picked = explorer.locator("tr.t2t-row[data-picked='1']")
    assert sorted(int(r.get_attribute("data-id")) for r in picked.all()) == sorted(set(ids))
    expect_fits_projector(page, "embedding lookup after typing ids")


def test_positions_app(page, voila_server):
    with step("load"):
        explorer = open_app(page, voila_server, "positions_explorer.ipynb", ".t2t-positions-explorer")
    expect_fits_projector(page, "positions as loaded")
    summary = explorer.locator(".t2t-positions-summary [data-kind]")
    expect(summary).to_have_attribute("data-kind", "rotary")
    with step("choose sinusoidal in the kind dropdown"):
        explorer.locator(".widget-dropdown select").first.select_option(label="sinusoidal")
        expect(summary).to_have_attribute("data-kind", "sinusoidal")
    n, d = 32, 16  # the app's defaults
    curves = causal_curves(position_scores("sinusoidal", n, d, 123), *explorer_queries(n))
    expect(summary).to_have_attribute("data-only-distance", str(int(curves.only_distance())))
    expect(summary).to_contain_text(f"largest gap between the curves: {curves.max_gap:.4f}")
    expect(explorer.locator(".t2t-figure")).to_have_attribute("aria-label", re.compile(r"^sinusoidal "))
    expect_fits_projector(page, "positions after choosing sinusoidal")


def _vocabulary() -> set[str]:
    """The words Word2Vec keeps from the Wikipedia sample: those seen at least min_count times."""
    counts = collections.Counter(word for sentence in wiki_sentences() for word in sentence)
    return {word for word, count in counts.items() if count >= DEFAULT_SETTINGS["min_count"]}


def test_word_picker_app(page, voila_server):
    typed = "paris, zzqx, tokyo"  # the app trains Word2Vec when it opens: it takes longer to load
    picker = open_and_type(page, voila_server, "word_picker.ipynb", ".t2t-word-picker", typed, "word picker")
    with step("check the words placed"):
        known = _vocabulary()
        chosen = ("numbers", "months", "family")  # the app's groups
        words = [w for g in chosen for w in CANDIDATE_GROUPS[g] if w in known]
        words += [w for w in parse_word_list(typed) if w in known and w not in words]
        expect(picker.locator(".t2t-figure")).to_have_attribute("aria-label",
                                                                f"PCA map of: {', '.join(words)}")
    expect(picker.locator(".t2t-picker-status .t2t-unknown")).to_contain_text("'zzqx'")
    expect_fits_projector(page, "word picker after typing words")
