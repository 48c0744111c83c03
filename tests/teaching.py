"""Run a notebook's teaching cells in a test, so the test can compare them with ``helpers``.

A notebook teaches by building its code in its own cells; later notebooks import the same thing from
``helpers``. The proof that the two agree is a test, not a cell in the learner's path: tag the cells
that build the code (cell metadata ``"tags": ["teaching"]``; in JupyterLab: the property inspector,
"Cell Tags") and call ``teaching_namespace`` on the notebook. It runs those cells, in order, as plain
Python in a fresh namespace and returns the namespace, so a test can call what they defined on real
input next to the ``helpers`` version.
"""

from __future__ import annotations

import json
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TAG = "teaching"


def teaching_cells(notebook: str | Path, tag: str = TAG) -> list[str]:
    """The sources of the code cells tagged ``tag``, in notebook order."""
    path = NOTEBOOKS / notebook if not Path(notebook).is_absolute() else Path(notebook)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells
               if c["cell_type"] == "code" and tag in c.get("metadata", {}).get("tags", [])]
    if not sources:
        raise LookupError(f"{path.name} has no code cell tagged {tag!r}: tag the cells that build its code")
    return sources


def teaching_namespace(notebook: str | Path, tag: str = TAG, **given) -> dict:
    """Run the tagged cells of ``notebook`` (``given`` names are defined first) and return their names.

    Cells run with the notebook folder as the current directory is not assumed: teaching cells should
    not read files by relative path (they get data from ``helpers``, as the notebooks do).
    """
    # Every notebook's import cell brings the captions (printed labels and figure titles in the learner's
    # language), which teaching cells use in their prints; ``given`` may replace them.
    from helpers.captions import figure_title, label

    namespace: dict = {"__name__": f"teaching:{Path(notebook).stem}", "label": label,
                       "figure_title": figure_title, **given}
    for i, source in enumerate(teaching_cells(notebook, tag)):
        code = compile(source, f"<{Path(notebook).name} teaching cell {i + 1}>", "exec")
        exec(code, namespace)  # noqa: S102 - the notebook's own code, run as the learner runs it
    return namespace
