"""The slide-mark tool (tools/slides.py) and the offline deck builder's checks (tools/slide_decks.py).

The rules are tested on small notebooks made here; the real notebooks must be marked exactly as
`python -m tools.slides mark` marks them (so a merge that forgot to re-run it fails here).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools import slide_decks, slides
from tools.slides import SlideMarkError

ROOT = Path(__file__).resolve().parent.parent


def md(text: str, cell_id: str, tags=()) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {"tags": list(tags)} if tags else {},
            "source": text.splitlines(keepends=True)}


def code(text: str, cell_id: str, outputs=(), tags=()) -> dict:
    return {"cell_type": "code", "id": cell_id, "execution_count": None,
            "metadata": {"tags": list(tags)} if tags else {}, "outputs": list(outputs),
            "source": text.splitlines(keepends=True)}


PRINTED = {"name": "stdout", "output_type": "stream", "text": ["4690\n"]}


def toy_cells() -> list[dict]:
    return [
        md("# 99 · A toy\n\nWhat you will learn.", "title"),
        code("import re\nSEED = 1", "setup"),
        md("## 1. First idea\n\nSome text.", "h2"),
        code("print(4690)", "c1", [PRINTED]),
        code("print(4690)", "c2", [PRINTED]),
        md("A remark about the output.", "remark"),
        code("x = 1", "c3"),
        md("Closing words of section 1.\n\n## 2. Heading in the middle", "h2-mid"),
        md("### Exercise 1: predict", "h3"),
        code("answer = ...", "c4"),
        md("<details><summary>Show solution</summary>\n\n```python\n# not a heading\n```\n</details>", "sol"),
        code("import math", "imports"),
        md("Tagged by hand.", "tagged", tags=["teaching", "no-slide"]),
        code("y = 2", "frag", tags=["fragment"]),
    ]


def write(path: Path, cells: list[dict]) -> Path:
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def types(path: Path) -> dict[str, str | None]:
    return {c["id"]: slides.slide_type(c) for c in json.loads(path.read_text())["cells"]}


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    return write(tmp_path / "99_toy.ipynb", toy_cells())


def test_the_rules_mark_every_cell(toy: Path):
    slides.mark_notebook(toy)
    assert types(toy) == {
        "title": "slide",  # the title slide
        "setup": "skip",  # set-up code on the title slide
        "h2": "slide",
        "c1": None,  # code right after its text: no slide_type, the same slide
        "c2": "subslide",  # code after code: a step of its own
        "remark": "subslide",
        "c3": None,
        "h2-mid": "slide",  # a heading anywhere in the cell
        "h3": "subslide",
        "c4": None,
        "sol": "subslide",  # a solution, one step down; '# not a heading' is inside a code fence
        "imports": "skip",  # imports only, no output
        "tagged": "skip",  # marker tag no-slide (the other tag is not a marker)
        "frag": "fragment",  # marker tag fragment
    }


def test_mark_is_idempotent_and_touches_only_slideshow_metadata(toy: Path):
    before = json.loads(toy.read_text())
    # every cell changes but the three that continue a slide (c1, c3, c4): they already have no slide_type
    assert slides.mark_notebook(toy) == len(before["cells"]) - 3
    once = toy.read_bytes()
    assert slides.mark_notebook(toy) == 0
    assert toy.read_bytes() == once  # a second run writes nothing
    after = json.loads(once)
    for old, new in zip(before["cells"], after["cells"], strict=True):
        new_meta = dict(new["metadata"])
        new_meta.pop("slideshow", None)
        assert new_meta == old["metadata"]
        new.pop("metadata")
        old.pop("metadata")
        assert new == old  # sources, outputs, ids untouched


def test_check_names_each_cell_whose_mark_differs(toy: Path):
    assert slides.problems(toy)  # never marked: every cell with a slide_type differs
    slides.mark_notebook(toy)
    assert slides.problems(toy) == []
    notebook = json.loads(toy.read_text())
    notebook["cells"][3]["metadata"]["slideshow"] = {"slide_type": "slide"}  # a hand edit
    notebook["cells"][5]["metadata"].pop("slideshow")  # a cell added without marks
    write(toy, notebook["cells"])
    found = slides.problems(toy)
    assert len(found) == 2
    assert "cell 3 (id c1): slide_type is 'slide', the rules give none (same slide)" in found[0]
    assert "cell 5 (id remark): slide_type is missing, the rules give 'subslide'" in found[1]
    assert all("python -m tools.slides mark" in problem for problem in found)


def test_a_cell_on_the_slide_before_has_no_slide_type_and_a_dash_is_refused(tmp_path: Path):
    """jupyterlab-slideshow never shows a cell marked '-' (nbconvert reads a missing slide_type as '-'),
    so the cells that continue a slide carry no slide_type, and `mark` removes a '-' it finds."""
    cells = [md("# Title", "a"), md("## One", "b"), code("x = 1", "c"),
             code("y = 2", "d", tags=["same-slide"]), md("Text", "e", tags=["same-slide"])]
    cells[2]["metadata"] = {"slideshow": {"slide_type": "-"}}  # what RISE-era marks wrote
    cells[3]["metadata"]["slideshow"] = {"slide_type": "-", "other": 1}  # another slideshow key stays
    path = write(tmp_path / "dash.ipynb", cells)
    found = slides.problems(path)
    assert [re.search(r"cell \d+ \(id \w+\)", problem).group() for problem in found] == [
        "cell 0 (id a)", "cell 1 (id b)", "cell 2 (id c)", "cell 3 (id d)"]
    assert "slide_type is '-', the rules give none (same slide)" in found[2]
    slides.mark_notebook(path)
    marked = json.loads(path.read_text())["cells"]
    assert "slideshow" not in marked[2]["metadata"]
    assert marked[3]["metadata"] == {"tags": ["same-slide"], "slideshow": {"other": 1}}
    assert marked[4]["metadata"] == {"tags": ["same-slide"]}
    assert types(path) == {"a": "slide", "b": "slide", "c": None, "d": None, "e": None}
    assert slides.problems(path) == []
    marked[2]["metadata"]["slideshow"] = {}  # an empty slideshow entry is not what `mark` writes
    write(path, marked)
    [problem] = slides.problems(path)
    assert "cell 2 (id c): slide_type is missing, the rules give none (same slide)" in problem


def test_check_fails_without_a_title_slide(tmp_path: Path):
    untitled = write(tmp_path / "untitled.ipynb", [md("## Not a title", "a"), code("x = 1", "b")])
    [problem] = slides.problems(untitled)
    assert "no title slide" in problem and "'# '" in problem
    with pytest.raises(SlideMarkError, match="no title slide"):
        slides.mark_notebook(untitled)
    hidden = write(tmp_path / "hidden.ipynb", [md("# Title", "a", tags=["no-slide"]), md("## B", "b")])
    [problem] = slides.problems(hidden)
    assert "no title slide" in problem and "no-slide" in problem


def test_two_marker_tags_on_one_cell_are_refused(tmp_path: Path):
    path = write(tmp_path / "two.ipynb", [md("# Title", "a"), md("Text", "b", tags=["slide", "fragment"])])
    [problem] = slides.problems(path)
    assert "['slide', 'fragment']" in problem and "Cell Tags" in problem


def test_a_translated_notebook_takes_its_marks_from_the_english_cell_ids(tmp_path: Path, monkeypatch):
    english = write(tmp_path / "notebooks" / "99_toy.ipynb", toy_cells())
    monkeypatch.setattr(slides, "NOTEBOOKS", english.parent)
    monkeypatch.setattr(slides, "TRANSLATED", {"zh": english.parent / "zh"})
    cells = toy_cells()
    cells[2]["source"] = ["第一个想法：没有标题标记的译文"]  # the translation lost its '## '
    zh = write(english.parent / "zh" / "99_toy.ipynb", cells)
    slides.mark_notebook(english)
    slides.mark_notebook(zh)
    assert types(zh) == types(english)
    assert types(zh)["h2"] == "slide"
    cells.append(md("多出来的单元格", "zh-only"))
    write(zh, cells)
    [problem] = slides.problems(zh)
    assert "zh-only" in problem and "rebuild the edition" in problem


@pytest.mark.parametrize("path", slides.default_notebooks(), ids=lambda p: Path(p).name)
def test_every_notebook_is_marked_as_the_tool_marks_it(path: Path):
    assert slides.problems(path) == [], "\n".join(slides.problems(path))
    assert slides.slide_type(json.loads(Path(path).read_text())["cells"][0]) == "slide"


def test_check_command_exit_codes(toy: Path):
    run = [sys.executable, "-m", "tools.slides"]
    failed = subprocess.run([*run, "check", str(toy)], cwd=ROOT, capture_output=True, text=True)
    assert failed.returncode == 1 and "problem(s) in the slide marks" in failed.stderr
    assert subprocess.run([*run, "mark", str(toy)], cwd=ROOT, capture_output=True).returncode == 0
    passed = subprocess.run([*run, "check", str(toy)], cwd=ROOT, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stderr
    assert subprocess.run([*run, "nonsense"], cwd=ROOT, capture_output=True).returncode == 2


# --- the deck builder's own checks (no network: nothing here fetches) ---


@pytest.mark.parametrize("html", [
    '<script src="https://cdnjs.cloudflare.com/x.js"></script>',
    '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">',
    "<style>@import url(https://fonts.googleapis.com/css);</style>",
    "<style>.a { background: url('http://example.org/a.png') }</style>",
    'require(["https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"], f)',
])  # fmt: skip
def test_a_deck_that_would_load_from_outside_fails_the_build(tmp_path: Path, html: str):
    deck = tmp_path / "deck.slides.html"
    deck.write_text(f"<html>{html}</html>")
    with pytest.raises(slide_decks.DeckBuildError, match="would load from outside its folder"):
        slide_decks.check_local(deck)


def test_links_and_local_assets_are_fine(tmp_path: Path):
    deck = tmp_path / "deck.slides.html"
    deck.write_text('<a href="https://arxiv.org/abs/1301.3781">paper</a>'
                    '<script src="assets/require.js"></script>'
                    '<link rel="stylesheet" href="assets/reveal.js/dist/reveal.css">')
    slide_decks.check_local(deck)


def test_a_tarball_with_the_wrong_hash_is_refused_and_removed(tmp_path: Path):
    asset = slide_decks.ASSETS[0]
    cached = tmp_path / f"{asset.package}-{asset.version}.tgz"
    cached.write_bytes(b"not reveal.js")
    with pytest.raises(slide_decks.DeckBuildError, match="sha512") as err:
        slide_decks.fetch(asset, tmp_path)
    assert asset.integrity in str(err.value) and not cached.exists()


def test_the_integrity_is_npms_sha512_in_base64(tmp_path: Path):
    path = tmp_path / "x.tgz"
    path.write_bytes(b"abc")
    expected = "sha512-" + base64.b64encode(hashlib.sha512(b"abc").digest()).decode()
    assert slide_decks.integrity_of(path) == expected


def test_without_npm_the_build_says_how_to_get_it(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(slide_decks.shutil, "which", lambda name: None)
    with pytest.raises(slide_decks.DeckBuildError, match="apt-get install npm"):
        slide_decks.fetch(slide_decks.ASSETS[0], tmp_path)
