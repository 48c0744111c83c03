"""What the Chinese edition translates: each English source, its catalogue, the file built from them,
and the translatable units (one catalogue entry each) it is cut into.

* a notebook ``notebooks/X.ipynb`` or app ``apps/X.ipynb``: one unit per markdown cell, ``msgctxt`` =
  the cell id; catalogue ``locale/zh_CN/<folder>/X.po``; built into ``<folder>/zh/X.ipynb``;
* a Markdown document ``docs/X.md``: one unit per block (lines up to a blank line; a fenced code
  block is one block however many blank lines it holds, and is copied, never translated),
  ``msgctxt`` = the document's path; catalogue ``locale/zh_CN/docs/X.po``; built into
  ``docs/X.zh-CN.md``.

Every function takes the repository root, so the tests can run the tool on a temporary copy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

LANGUAGE = "zh_CN"
NOTEBOOK_FOLDERS = ("notebooks", "apps")
# Markdown documents with a Chinese edition, built when they exist.
DOCUMENTS = ("docs/teachers-guide.md",)
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Unit:
    """One translatable piece: its catalogue key (``context``, ``english``) and where it is."""

    context: str
    english: str
    where: str  # "cell 8f1e1062" or "block 3 (line 12)"
    occurrence: tuple[str, str]


@dataclass(frozen=True)
class Source:
    root: Path
    english: Path  # relative to root
    kind: str  # "notebook" or "document"

    @property
    def catalogue(self) -> Path:
        folder, stem = self.english.parent, self.english.stem
        return Path("locale") / LANGUAGE / folder / f"{stem}.po"

    @property
    def target(self) -> Path:
        if self.kind == "notebook":
            return self.english.parent / "zh" / self.english.name
        return self.english.with_name(f"{self.english.stem}.{LANGUAGE.replace('_', '-')}.md")

    def units(self) -> list[Unit]:
        text = (self.root / self.english).read_text(encoding="utf-8")
        if self.kind == "notebook":
            return [
                Unit(cell["id"], "".join(cell["source"]), f"cell {cell['id']}", (str(self.english), str(i)))
                for i, cell in enumerate(json.loads(text)["cells"])
                if cell["cell_type"] == "markdown"
            ]
        return [
            Unit(str(self.english), block, f"block {n} (line {line})", (str(self.english), str(line)))
            for n, (line, block) in enumerate(markdown_blocks(text), start=1)
            if not FENCE.match(block)
        ]


def sources(root: Path) -> list[Source]:
    """Every English source of the edition that exists under ``root``, notebooks first."""
    found = [
        Source(root, path.relative_to(root), "notebook")
        for folder in NOTEBOOK_FOLDERS
        for path in sorted((root / folder).glob("*.ipynb"))
    ]
    found += [Source(root, Path(doc), "document") for doc in DOCUMENTS if (root / doc).is_file()]
    return found


def select(root: Path, names: list[str]) -> list[Source]:
    """The sources named on the command line (English or Chinese paths, notebook names such as
    ``06_sliding_window_sampling``, or just their number ``06``); all of them when none is named."""
    every = sources(root)
    if not names:
        return every
    chosen = []
    for name in names:
        match = [s for s in every
                 if name in (str(s.english), s.english.stem, s.english.stem.split("_")[0], str(s.target))]
        if not match:
            known = ", ".join(str(s.english) for s in every)
            raise SystemExit(f"edition: {name!r} is not a source of the Chinese edition. "
                             f"Name one of: {known}")
        chosen += match
    return chosen


def markdown_blocks(text: str) -> list[tuple[int, str]]:
    """(first line number, block) for every block of a Markdown text: lines up to a blank line; a
    fenced code block is a block of its own, kept whole, blank lines and all."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    fence = None

    def flush() -> None:
        if current:
            blocks.append((start, "\n".join(current)))
            current.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if fence is not None:
            current.append(line)
            if line.strip().startswith(fence):
                flush()
                fence = None
            continue
        opens = FENCE.match(line)
        if opens or not line.strip():
            flush()
        if opens:
            fence = opens.group(1)
        if line.strip():
            if not current:
                start = number
            current.append(line)
    flush()
    return blocks
