"""How long each notebook takes to execute top to bottom in a fresh kernel.

Goals from the issue: notebooks 02-08 under 8 s each, notebook 01 under 30 s, the whole series
under 75 s; the same for both editions (English ``notebooks/``, Chinese ``notebooks/zh/``). (Under
nbval each notebook also pays about 3 s of kernel start and comparison.)
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from benchmarks.common import ROOT, Row

GOALS = {"01": 30.0, "09": 20.0}
DEFAULT_GOAL = 8.0
SERIES_GOAL = 75.0
NOTEBOOKS = ROOT / "notebooks"
EDITIONS = {"English": NOTEBOOKS, "Chinese": NOTEBOOKS / "zh"}  # the Chinese one: `make zh`


def run_notebook(path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def edition_rows(edition: str, folder: Path) -> list[Row]:
    """One row per notebook of one edition (its folder), and one for the whole series."""
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    prefix = "" if folder == NOTEBOOKS else f"{folder.relative_to(NOTEBOOKS)}/"
    if not paths:
        return [Row(f"execute the {edition} edition", f"not built ({folder.relative_to(ROOT)} is empty)",
                    "", "", "make zh", False)]
    out = []
    total = 0.0
    for path in paths:
        seconds = run_notebook(path)
        total += seconds
        goal = GOALS.get(path.name[:2], DEFAULT_GOAL)
        out.append(Row(f"execute {prefix}{path.stem}", f"{seconds:.1f} s", "", "",
                       f"< {goal:.0f} s", seconds < goal))
    out.append(Row(f"execute the whole series ({edition})", f"{total:.1f} s", "", "",
                   f"< {SERIES_GOAL:.0f} s", total < SERIES_GOAL))
    return out


def rows() -> list[Row]:
    """Both editions, each held to the same goals: the Chinese notebooks run the same code."""
    os.environ.setdefault("PYTHONHASHSEED", "0")
    return [row for edition, folder in EDITIONS.items() for row in edition_rows(edition, folder)]
