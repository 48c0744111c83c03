"""How long each notebook takes to execute top to bottom in a fresh kernel.

Goals from the issue: notebooks 02-08 under 8 s each, notebook 01 under 30 s, the whole series
under 75 s. (Under nbval each notebook also pays about 3 s of kernel start and comparison.)
"""

from __future__ import annotations

import os
import time

import nbformat
from nbclient import NotebookClient

from benchmarks.common import ROOT, Row

GOALS = {"01": 30.0, "09": 20.0}
DEFAULT_GOAL = 8.0
SERIES_GOAL = 75.0


def run_notebook(path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def rows() -> list[Row]:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    out = []
    total = 0.0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        seconds = run_notebook(path)
        total += seconds
        goal = GOALS.get(path.name[:2], DEFAULT_GOAL)
        out.append(Row(f"execute {path.stem}", f"{seconds:.1f} s", "", "",
                       f"< {goal:.0f} s", seconds < goal))
    out.append(Row("execute the whole series", f"{total:.1f} s", "", "",
                   f"< {SERIES_GOAL:.0f} s", total < SERIES_GOAL))
    return out
