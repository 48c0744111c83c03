"""The teacher's guide (docs/teachers-guide.md) covers every notebook, and its exercise answers are right.

The guide has one section per notebook in notebooks/, marked by an anchor ``<a id="nbNN"></a>`` before
its heading and a link to the notebook. Each section has the parts a teacher needs (a learning goal, a
45- and a 90-minute plan, three misconceptions, questions, the exercise answers; a live-demo script when
the notebook shows an explorer from ``helpers.widgets``). Every exercise answer is a fenced Python block
after ``<!-- answer: check_name -->``: it is run here on its own and its ``answer`` handed to that check,
which must say right. The Markdown is read with mistune (which nbconvert, and so JupyterLab, uses too).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import mistune
import pytest

from helpers import exercises

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "teachers-guide.md"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REQUIRED_PARTS = ("Learning goal", "45-minute class", "90-minute class", "Three misconceptions",
                  "Questions for the class", "Exercise answers")
DEMO_PART = "Live demo"
ANSWER_MARK = re.compile(r"<!--\s*answer:\s*(check_\w+)\s*-->")
HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


@dataclass
class Section:
    """One notebook's part of the guide: its anchor id, its tokens, and the tokens under each ``###``."""

    anchor: str
    title: str
    tokens: list = field(default_factory=list)
    parts: dict[str, list] = field(default_factory=dict)


def parse(text: str) -> list[dict]:
    return mistune.create_markdown(renderer=None, plugins=["table"])(text)


def plain(token: dict) -> str:
    """The text of a token and its children, without markup."""
    return token.get("raw", "") + "".join(plain(child) for child in token.get("children", []))


def walk(tokens: list[dict]):
    for token in tokens:
        yield token
        yield from walk(token.get("children", []))


def sections(tokens: list[dict]) -> dict[str, Section]:
    """The ``##`` sections that follow an ``<a id="...">`` anchor, by anchor id."""
    found: dict[str, Section] = {}
    anchor, current, part = None, None, None
    for token in tokens:
        kind = token["type"]
        if kind == "heading" and token["attrs"]["level"] <= 2:
            current = Section(anchor, plain(token)) if anchor else None
            if current:
                found[anchor] = current
            anchor, part = None, None
            continue
        ids = [i for t in walk([token]) if "html" in t["type"] for i in HTML_ID.findall(t["raw"])]
        if ids:
            anchor = ids[-1]
            continue
        if current is None:
            continue
        current.tokens.append(token)
        if kind == "heading" and token["attrs"]["level"] == 3:
            part = plain(token)
            current.parts[part] = []
        elif part is not None:
            current.parts[part].append(token)
    return found


@cache
def guide() -> tuple[list[dict], dict[str, Section]]:
    tokens = parse(GUIDE.read_text(encoding="utf-8"))
    return tokens, sections(tokens)


def notebook_code(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def checks_called(notebook: Path) -> set[str]:
    """The exercise checks the notebook's code cells call, e.g. ``check_cosine(cosine)``."""
    return set(re.findall(r"\b(check_\w+)\(", notebook_code(notebook)))


def shows_explorer(notebook: Path) -> bool:
    return "from helpers.widgets import" in notebook_code(notebook)


def anchor_of(notebook: Path) -> str:
    return "nb" + notebook.name[:2]


def part(section: Section, name: str) -> list[dict]:
    matches = [tokens for title, tokens in section.parts.items() if title.startswith(name)]
    assert len(matches) == 1, f"{section.title}: expected one '### {name}...' part, found {len(matches)}"
    return matches[0]


def list_items(tokens: list[dict]) -> list[dict]:
    return [item for t in tokens if t["type"] == "list" for item in t["children"]]


def answer_blocks(tokens: list[dict]) -> list[tuple[str, str]]:
    """(check name, code) for each ``<!-- answer: check_name -->`` and the fenced block right after it."""
    blocks, pending = [], None
    for token in tokens:
        if token["type"] == "blank_line":
            continue
        mark = ANSWER_MARK.search(token.get("raw", "")) if token["type"] == "block_html" else None
        if mark:
            pending = mark.group(1)
            continue
        if pending and token["type"] == "block_code":
            blocks.append((pending, token["raw"]))
        elif pending:
            blocks.append((pending, None))  # a mark without its code: reported by the test below
        pending = None
    return blocks


def all_answers() -> list[tuple[str, str, str]]:
    """(notebook stem, check name, code) of every answer in the guide, in guide order."""
    _, found = guide()
    return [(notebook.stem, name, code)
            for notebook in NOTEBOOKS if anchor_of(notebook) in found
            for name, code in answer_blocks(part(found[anchor_of(notebook)], "Exercise answers"))]


def run_answer(check_name: str, code: str):
    """Run an answer block on its own, hand its ``answer`` to the check, and return the feedback."""
    namespace: dict = {"__name__": "teachers_guide_answer"}
    exec(compile(code, f"<guide answer for {check_name}>", "exec"), namespace)
    assert "answer" in namespace, f"the answer block for {check_name} defines no `answer`"
    return getattr(exercises, check_name)(namespace["answer"])


def assert_right(check_name: str, code: str) -> None:
    feedback = run_answer(check_name, code)
    assert feedback and str(feedback).startswith("Correct!"), f"{check_name} says: {feedback}"


# --- every notebook has its section, with every part --------------------------------------------------


def test_there_are_notebooks_to_cover():
    assert len(NOTEBOOKS) >= 9, NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_has_a_section_that_links_to_it(notebook):
    _, found = guide()
    anchor = anchor_of(notebook)
    assert anchor in found, (f"docs/teachers-guide.md has no section for {notebook.name}: add "
                             f'<a id="{anchor}"></a> and a "## {notebook.name[:2]} · ..." heading')
    links = {t["attrs"]["url"] for t in walk(found[anchor].tokens) if t["type"] == "link"}
    assert f"../notebooks/{notebook.name}" in links, f"the section for {notebook.name} does not link to it"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_section_has_the_required_parts(notebook):
    section = guide()[1][anchor_of(notebook)]
    for name in REQUIRED_PARTS:
        filled = any(t["type"] != "blank_line" for t in part(section, name))
        assert filled, f"{section.title}: '{name}' is empty"
    misconceptions = list_items(part(section, "Three misconceptions"))
    assert len(misconceptions) == 3, f"{section.title}: {len(misconceptions)} misconceptions, not 3"
    questions = list_items(part(section, "Questions for the class"))
    assert len(questions) >= 2, f"{section.title}: {len(questions)} questions"
    demos = [title for title in section.parts if title.startswith(DEMO_PART)]
    if shows_explorer(notebook):
        assert len(demos) == 1, f"{notebook.name} shows an explorer: its section needs '### {DEMO_PART}: ...'"
        steps = list_items(part(section, DEMO_PART))
        assert len(steps) >= 3, f"{section.title}: the demo script has {len(steps)} steps"
    else:
        assert not demos, f"{notebook.name} shows no explorer, yet its section has a demo script"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_of_the_notebook_has_an_answer(notebook):
    section = guide()[1][anchor_of(notebook)]
    blocks = answer_blocks(part(section, "Exercise answers"))
    assert all(code is not None for _, code in blocks), f"{section.title}: an answer mark without code"
    names = [name for name, _ in blocks]
    assert len(names) == len(set(names)), f"{section.title}: an exercise is answered twice: {names}"
    assert set(names) == checks_called(notebook), (
        f"{section.title}: answers for {sorted(names)}, the notebook's exercises check "
        f"{sorted(checks_called(notebook))}")


# --- the answers are right ----------------------------------------------------------------------------


@pytest.mark.parametrize(("notebook", "check_name", "code"), all_answers(),
                         ids=[f"{stem}-{name}" for stem, name, _ in all_answers()])
def test_the_answer_passes_the_notebooks_check(notebook, check_name, code):
    assert_right(check_name, code)


def test_a_wrong_answer_fails():
    """Guard against a test that cannot fail: a wrong answer in the guide's format is caught."""
    with pytest.raises(AssertionError, match="check_world_counts says: Not yet"):
        assert_right("check_world_counts", "answer = [1, 1, 1, 1]\n")
    with pytest.raises(AssertionError, match="defines no `answer`"):
        assert_right("check_world_counts", "counts = [1, 1, 1, 2]\n")
    marked = parse("<!-- answer: check_floor -->\n```python\nanswer = 1.0\n```\n")
    assert answer_blocks(marked) == [("check_floor", "answer = 1.0\n")]


# --- links -------------------------------------------------------------------------------------------


def slug(title: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"\s", "-", re.sub(r"[^\w\- ]", "", title.strip().lower()))


def test_every_relative_link_resolves():
    tokens, _ = guide()
    anchors = {i for t in walk(tokens) if "html" in t["type"] for i in HTML_ID.findall(t["raw"])}
    anchors |= {slug(plain(t)) for t in walk(tokens) if t["type"] == "heading"}
    links = [t["attrs"]["url"] for t in walk(tokens) if t["type"] in ("link", "image")]
    assert links, "the guide has no links at all"
    broken = []
    for url in links:
        parsed = urlparse(url)
        if parsed.scheme:
            continue  # http(s) and mailto addresses are not checked offline
        if not parsed.path:
            if parsed.fragment not in anchors:
                broken.append(url)
        elif not (GUIDE.parent / unquote(parsed.path)).exists():
            broken.append(url)
    assert not broken, f"links in docs/teachers-guide.md that lead nowhere: {broken}"


def test_the_readme_links_to_the_guide():
    links = {t["attrs"]["url"] for t in walk(parse((ROOT / "README.md").read_text(encoding="utf-8")))
             if t["type"] == "link"}
    assert "docs/teachers-guide.md" in links
