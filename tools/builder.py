"""Build a Chinese file from its English source and catalogue, and compare it with the one on disk.

A Chinese notebook is the English one with every markdown cell's text replaced by its translation,
every code cell copied as it is (source, id, metadata), the notebook's metadata copied, and one line
more at the top of the first code cell, ``from helpers.i18n import use_language; use_language("zh_CN")``.
Outputs are not built, they are computed: a notebook whose built cells equal the ones on disk is left
alone, stored outputs and all; any other is written without outputs, for ``make zh`` to execute.

What an execution writes (outputs, execution counts, cell timings, the widget state and the
kernel's language_info) belongs to the run, not to the source, so comparisons leave it out.
"""

from __future__ import annotations

import nbformat

from tools.catalogues import Problem, translations
from tools.sources import FENCE, LANGUAGE, Source, markdown_blocks

# One line, no output (an app shows every output, so `%env`, which prints, would show above the explorer).
ENV_LINE = f'from helpers.i18n import use_language; use_language("{LANGUAGE}")'
RUN_NOTEBOOK_METADATA = ("widgets", "language_info")
RUN_CELL_METADATA = ("execution",)


def with_language_line(source: str) -> str:
    return f"{ENV_LINE}\n{source}" if source else ENV_LINE


def build_notebook(source: Source, found: dict[tuple[str, str], str]) -> nbformat.NotebookNode:
    """The Chinese notebook, cells and metadata, no outputs (``found``: see ``translations``)."""
    nb = nbformat.read(source.root / source.english, as_version=4)
    for key in RUN_NOTEBOOK_METADATA:
        nb.metadata.pop(key, None)
    first_code = True
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = found[(cell.id, cell.source)]
        elif cell.cell_type == "code":
            if first_code:
                cell.source = with_language_line(cell.source)
                first_code = False
            cell.outputs, cell.execution_count = [], None
            for key in RUN_CELL_METADATA:
                cell.metadata.pop(key, None)
    return nb


def build_document(source: Source, found: dict[tuple[str, str], str]) -> str:
    """The Chinese document: each block translated, fenced code blocks copied."""
    text = (source.root / source.english).read_text(encoding="utf-8")
    context = str(source.english)
    blocks = [b if FENCE.match(b) else found[(context, b)] for _, b in markdown_blocks(text)]
    return "\n\n".join(blocks) + "\n"


def shape(nb: nbformat.NotebookNode) -> dict:
    """A notebook without what a run writes: what the build decides."""
    def cell_shape(cell):
        kept = {k: v for k, v in cell.items() if k not in ("outputs", "execution_count", "metadata")}
        kept["metadata"] = {k: v for k, v in cell.metadata.items() if k not in RUN_CELL_METADATA}
        return kept

    meta = {k: v for k, v in nb.metadata.items() if k not in RUN_NOTEBOOK_METADATA}
    return {"nbformat": (nb.nbformat, nb.nbformat_minor), "metadata": meta,
            "cells": [cell_shape(c) for c in nb.cells]}


def notebook_differences(built: dict, on_disk: dict) -> list[tuple[str, str]]:
    """(where, what) for every difference between two notebook shapes, cell by cell (by id)."""
    found = []
    if built["nbformat"] != on_disk["nbformat"]:
        found.append(("", f"nbformat {on_disk['nbformat']}, the build makes {built['nbformat']}"))
    if built["metadata"] != on_disk["metadata"]:
        found.append(("", "the notebook metadata differ from the English notebook's"))
    disk_cells = {c.get("id"): c for c in on_disk["cells"]}
    for cell in built["cells"]:
        other = disk_cells.get(cell["id"])
        if other is None:
            found.append((f"cell {cell['id']}", "missing from the Chinese notebook"))
            continue
        for key in sorted(set(cell) | set(other)):
            if cell.get(key) != other.get(key):
                found.append((f"cell {cell['id']}", f"its {key} differs from what the build makes"))
    built_ids = [c["id"] for c in built["cells"]]
    found += [(f"cell {i}", "is not in the build (no such cell in English)") for i in disk_cells
              if i not in built_ids]
    if not found and built_ids != [c.get("id") for c in on_disk["cells"]]:
        found.append(("", "the cells are in another order than in the English notebook"))
    return found


def built(source: Source) -> tuple[object | None, list[Problem]]:
    """What the build makes of ``source`` today (a notebook or a text), or the problems that stop it."""
    found, problems = translations(source)
    if problems:
        return None, problems
    make = build_notebook if source.kind == "notebook" else build_document
    return make(source, found), []


def write(source: Source) -> tuple[str, list[Problem]]:
    """Build ``source`` onto disk: ("written" | "unchanged" | "refused", problems)."""
    result, problems = built(source)
    if problems:
        return "refused", problems
    target = source.root / source.target
    if source.kind == "document":
        if target.exists() and target.read_text(encoding="utf-8") == result:
            return "unchanged", []
        target.write_text(result, encoding="utf-8")
        return "written", []
    if target.exists() and shape(nbformat.read(target, as_version=4)) == shape(result):
        return "unchanged", []
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(result, target)
    return "written", []


def drift(source: Source) -> list[Problem]:
    """Every way the Chinese file on disk is not what the build makes of today's English and catalogue."""
    result, problems = built(source)
    if problems:
        return problems
    target = source.root / source.target
    path = str(source.english)
    if not target.exists():
        return [Problem(path, "", f"{source.target} is missing: run `make zh`")]
    if source.kind == "document":
        if target.read_text(encoding="utf-8") == result:
            return []
        return [Problem(path, "", f"{source.target} is not what the build makes: run `make zh`")]
    on_disk = nbformat.read(target, as_version=4)
    return [Problem(path, where, f"{source.target}: {what}; run `make zh`")
            for where, what in notebook_differences(shape(result), shape(on_disk))]


def executed(path) -> bool:
    """Every code cell has run (an execution count): the notebook stores its outputs."""
    nb = nbformat.read(path, as_version=4)
    return all(c.execution_count is not None for c in nb.cells if c.cell_type == "code" and c.source.strip())


def needs_execution(source: Source, rerun: bool = False) -> bool:
    """A built Chinese notebook that must (``rerun``: may) be executed: its English one stores outputs
    (the series' notebooks do; the Voila app does not, it runs when served) and it has none yet."""
    target = source.root / source.target
    if source.kind != "notebook" or not target.exists() or not executed(source.root / source.english):
        return False
    return rerun or not executed(target)
