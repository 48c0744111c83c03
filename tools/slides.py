"""Slide marks for every notebook: derived from what the cells already say, never edited by hand.

Every notebook is also a slideshow (jupyterlab-slideshow in JupyterLab, ``make slides`` for offline
decks). Both read each cell's ``metadata.slideshow.slide_type``; this tool sets it from simple rules, so
nobody has to, and so the marks can simply be made again after any merge.

    python -m tools.slides mark     set the marks of notebooks/*.ipynb (and notebooks/zh/*.ipynb)
    python -m tools.slides check    fail, naming cell and fix, where a mark is not what `mark` makes
    python -m tools.slides explain notebooks/06_sliding_window_sampling.ipynb
                                    every cell's mark and the rule that gave it

The rules, first match wins:

1. a cell tag from ``MARKERS`` (an exception, set in JupyterLab's property inspector, "Cell Tags"):
   ``slide``, ``subslide``, ``fragment``, ``same-slide``, ``notes``, ``no-slide``;
2. the first cell is the title slide (it must be a markdown cell starting with a ``# `` title);
3. a markdown cell with a ``## `` heading starts a slide (a new column of the deck), one with a
   ``### `` heading a subslide (the next one down). A heading in the middle of a cell counts too:
   cells are never split, so the slide starts with the cell that holds the heading;
4. an exercise solution (a markdown cell that opens with ``<details>``) gets a subslide of its own,
   so the class sees the exercise first and the answer one step down;
5. any other markdown cell starts a subslide: a piece of explanation and the code that shows it;
6. a code cell that would land on the title slide (the notebook's set-up: imports, seeds, loading
   the text), and any other code cell made only of imports with no output, is left out (``skip``):
   run the notebook before presenting it;
7. a code cell that follows another code cell starts a subslide (so one slide holds one step: a
   text, one code cell and its output); any other code cell stays on the slide before it: it gets no
   slide_type at all (nbconvert's decks read a missing one as ``-``, "the same slide";
   jupyterlab-slideshow shows a cell without one on the slide before it, but never shows a ``-``).

Chinese notebooks (``notebooks/zh/``) are built from the English ones with the cell metadata copied;
they take every mark from the English cell with the same id, so both decks have the same slides.

Only ``metadata.slideshow`` is written (``slide_type`` set or removed, the key dropped when it is left
empty); sources and outputs are never touched (the markdown text is
what the translation catalogues are keyed by), and a notebook whose marks are right is not rewritten.
Notebooks are written the way nbformat and JupyterLab write them (sorted keys, one-space indent).
"""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TRANSLATED = {"zh": NOTEBOOKS / "zh"}  # edition folder -> where its notebooks are

# cell tag -> slide_type (None: no slide_type, the cell continues the slide before; "skip" leaves it out)
SAME_SLIDE = None
MARKERS = {
    "slide": "slide",
    "subslide": "subslide",
    "fragment": "fragment",
    "same-slide": SAME_SLIDE,
    "notes": "notes",
    "no-slide": "skip",
}
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+\S")
FIX = "run `python -m tools.slides mark`, then commit the notebook"


class SlideMarkError(ValueError):
    """A notebook whose slide marks cannot be made: it names the notebook, the cell and the fix."""


@dataclass(frozen=True)
class Mark:
    slide_type: str | None  # None (SAME_SLIDE): the cell has no slide_type
    rule: str  # why, in words, for `explain` and for check's messages


def heading_levels(markdown: str) -> set[int]:
    """Levels of the Markdown headings in ``markdown`` (``## x`` is 2), outside fenced code blocks."""
    levels, fenced = set(), False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if match:
            levels.add(len(match.group(1)))
    return levels


def is_title(cell: dict) -> bool:
    """True for a markdown cell whose first line is a ``# `` title."""
    source = "".join(cell.get("source", "")).lstrip()
    return cell.get("cell_type") == "markdown" and source.startswith("# ")


def only_imports(code: str) -> bool:
    """True for code made only of import statements (comments and blank lines aside)."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, ast.Import | ast.ImportFrom) for node in body)


def cell_tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def marker_of(cell: dict, where: str) -> str | None:
    """The marker tag of a cell (None: no marker); two markers are an error."""
    found = [tag for tag in cell_tags(cell) if tag in MARKERS]
    if len(found) > 1:
        raise SlideMarkError(
            f"{where}: the cell has the marker tags {found}; a cell takes one of them at most. "
            f"Remove all but one in JupyterLab's property inspector (Cell Tags)."
        )
    return found[0] if found else None


def derive(cell: dict, index: int, previous: dict | None, where: str, on_title: bool = False) -> Mark:
    """The mark the rules give ``cell`` (at ``index``; ``previous`` is the cell before it; ``on_title``:
    no slide has started since the title)."""
    tag = marker_of(cell, where)
    if tag is not None:
        return Mark(MARKERS[tag], f"tag {tag!r}")
    if index == 0:
        return Mark("slide", "first cell: the title slide")
    source = "".join(cell.get("source", ""))
    if cell.get("cell_type") == "markdown":
        levels = heading_levels(source)
        if levels & {1, 2}:
            return Mark("slide", "markdown with a '## ' heading")
        if levels & {3, 4, 5, 6}:
            return Mark("subslide", "markdown with a '### ' heading")
        if source.lstrip().startswith("<details"):
            return Mark("subslide", "an exercise solution (<details>)")
        return Mark("subslide", "markdown: a new step")
    if cell.get("cell_type") == "code":
        if on_title:
            return Mark("skip", "set-up code on the title slide")
        if only_imports(source) and not cell.get("outputs"):
            return Mark("skip", "imports only, no output")
        if previous is not None and previous.get("cell_type") == "code":
            return Mark("subslide", "code after code: a step of its own")
        return Mark(SAME_SLIDE, "code: on the slide of the text before it")
    return Mark("skip", f"a {cell.get('cell_type')} cell")


def load(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SlideMarkError(f"{path}: no such notebook") from None
    except json.JSONDecodeError as err:
        raise SlideMarkError(f"{path}: not a notebook (invalid JSON: {err})") from None


def save(path: Path, notebook: dict) -> None:
    """Write as nbformat and JupyterLab do, so only the changed metadata shows in a diff."""
    text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def english_source(path: Path) -> Path | None:
    """The English notebook a translated one is built from (None: ``path`` is English)."""
    path = Path(path).resolve()
    for folder in TRANSLATED.values():
        if path.parent == folder.resolve():
            return NOTEBOOKS / path.name
    return None


def marks(notebook: dict, name: str) -> list[Mark]:
    """The mark of every cell of an English notebook, by the rules above."""
    cells = notebook.get("cells", [])
    if not cells or not is_title(cells[0]):
        raise SlideMarkError(
            f"{name}: no title slide: the first cell must be a markdown cell that starts with "
            f"'# ' and the notebook's title (the deck's first slide)."
        )
    result = []
    for index, cell in enumerate(cells):
        where = f"{name}, cell {index} (id {cell.get('id', '?')})"
        on_title = bool(result) and all(m.slide_type not in {"slide", "subslide"} for m in result[1:])
        result.append(derive(cell, index, cells[index - 1] if index else None, where, on_title))
    if result[0].slide_type != "slide":
        raise SlideMarkError(
            f"{name}: no title slide: the title cell is marked {result[0].rule}, so the deck would not "
            f"start with it. Remove that tag from the first cell."
        )
    return result


def expected_marks(path: Path) -> list[Mark]:
    """What ``mark`` writes for the notebook at ``path`` (a translated one copies its English)."""
    notebook = load(path)
    english = english_source(path)
    if english is None:
        return marks(notebook, str(path))
    by_id = dict(zip([c.get("id") for c in load(english)["cells"]], marks(load(english), str(english)),
                     strict=True))
    result = []
    for index, cell in enumerate(notebook["cells"]):
        mark = by_id.get(cell.get("id"))
        if mark is None:
            raise SlideMarkError(
                f"{path}, cell {index} (id {cell.get('id')}): no cell with this id in {english}; the "
                f"translated notebook is out of step with the English one: rebuild the edition first."
            )
        result.append(Mark(mark.slide_type, f"{mark.rule}, as in the English notebook"))
    return result


def slide_type(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def has_slide_type(cell: dict) -> bool:
    return "slide_type" in cell.get("metadata", {}).get("slideshow", {})


def is_marked(cell: dict, mark: Mark) -> bool:
    """True when ``set_mark`` would change nothing (for SAME_SLIDE: no slide_type key, no empty
    ``slideshow``)."""
    marked = copy.deepcopy(cell)
    set_mark(marked, mark)
    return marked == cell


def set_mark(cell: dict, mark: Mark) -> None:
    """Give ``cell`` the slide_type of ``mark``, or none for SAME_SLIDE (an emptied ``slideshow`` goes)."""
    metadata = cell.setdefault("metadata", {})
    if mark.slide_type is not None:
        metadata.setdefault("slideshow", {})["slide_type"] = mark.slide_type
        return
    show = metadata.get("slideshow", {})
    show.pop("slide_type", None)
    if not show:
        metadata.pop("slideshow", None)


def shown(slide_type: str | None) -> str:
    """A slide_type as the messages print it (no slide_type: 'none (same slide)')."""
    return "none (same slide)" if slide_type is None else repr(slide_type)


def mark_notebook(path: Path) -> int:
    """Set every cell's slide_type in the notebook at ``path``; return how many cells changed."""
    notebook = load(path)
    changed = 0
    for cell, mark in zip(notebook["cells"], expected_marks(path), strict=True):
        if not is_marked(cell, mark):
            set_mark(cell, mark)
            changed += 1
    if changed:
        save(path, notebook)
    return changed


def problems(path: Path) -> list[str]:
    """Everything ``check`` finds wrong with one notebook's marks ([] when all is well)."""
    try:
        expected = expected_marks(path)
    except SlideMarkError as err:
        return [str(err)]
    found = []
    for index, (cell, mark) in enumerate(zip(load(path)["cells"], expected, strict=True)):
        if not is_marked(cell, mark):
            have = shown(slide_type(cell)) if has_slide_type(cell) else "missing"
            found.append(
                f"{path}, cell {index} (id {cell.get('id')}): slide_type is {have}, the rules give "
                f"{shown(mark.slide_type)} ({mark.rule}); {FIX}"
            )
    return found


def require_marked(paths: list[Path]) -> None:
    """Raise SlideMarkError listing every problem ``check`` finds in ``paths`` (none: return)."""
    found = [problem for path in paths for problem in problems(path)]
    if found:
        raise SlideMarkError("\n".join(found) + f"\n{len(found)} problem(s) in the slide marks")


def default_notebooks() -> list[Path]:
    """notebooks/*.ipynb, then every translated edition's (English first: they are the source),
    relative to the current folder where they can be (shorter messages)."""
    found = sorted(NOTEBOOKS.glob("*.ipynb"))
    for folder in TRANSLATED.values():
        found += sorted(folder.glob("*.ipynb"))
    here = Path.cwd()
    return [path.relative_to(here) if path.is_relative_to(here) else path for path in found]


def deck_shape(path: Path) -> dict[str, int]:
    """How many slides the exported deck has: columns (``slide``), slides in all (``slide`` +
    ``subslide``; reveal's total), fragments and hidden cells, as the marks say."""
    types = [slide_type(cell) or "-" for cell in load(path)["cells"]]
    return {
        "columns": types.count("slide"),
        "slides": types.count("slide") + types.count("subslide"),
        "fragments": types.count("fragment"),
        "skipped": types.count("skip") + types.count("notes"),
    }


USAGE = """usage: python -m tools.slides mark|check [NOTEBOOK ...]
       python -m tools.slides explain NOTEBOOK
(no NOTEBOOK: notebooks/*.ipynb and notebooks/zh/*.ipynb)"""


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"mark", "check", "explain"}:
        print(USAGE, file=sys.stderr)
        return 2
    command, paths = argv[0], [Path(p) for p in argv[1:]] or default_notebooks()
    if command == "explain":
        for path in paths:
            for index, (cell, mark) in enumerate(zip(load(path)["cells"], expected_marks(path), strict=True)):
                first = "".join(cell.get("source", "")).strip().splitlines()[:1] or [""]
                print(f"{index:3} {mark.slide_type or '(none)':9} {mark.rule:44} | {first[0][:60]}")
        return 0
    if command == "mark":
        try:
            for path in paths:
                changed = mark_notebook(path)
                shape = deck_shape(path)
                print(f"{path}: {changed} cell(s) changed; "
                      f"{shape['slides']} slides in {shape['columns']} columns")
        except SlideMarkError as err:
            print(f"slides: {err}", file=sys.stderr)
            return 1
        return 0
    try:
        require_marked(paths)
    except SlideMarkError as err:
        print(f"slides: {err}", file=sys.stderr)
        return 1
    print(f"slides: the marks of {len(paths)} notebook(s) are what `mark` makes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
