"""Every notebook has the shape a learner relies on; nbval itself checks the stored outputs.

Title, what you will learn, prerequisites, at least two exercises with a check and a hidden
solution, a summary and a link to the next notebook; outputs stored from a clean top-to-bottom run,
no errors or warnings in them, and no output ignored without a reason. Notebook 10 is the optional
appendix (scaling up, for the reader who finished 06): it is held to the same checks.

The Chinese edition (notebooks/zh) is built from these (tests/test_edition.py checks that it is, cell
by cell); its stored outputs are held to the same checks as the English ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BOTH_EDITIONS = NOTEBOOKS + sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
EXPECTED = [f"{n:02d}" for n in range(1, 10)]
APPENDIX = "10"   # optional reading after 06; it ends by sending the reader on to 07
MAX_BYTES = 1_500_000


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def markdown(nb: dict) -> str:
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_the_series_is_complete_and_in_order():
    assert [p.name[:2] for p in NOTEBOOKS] in (EXPECTED, [*EXPECTED, APPENDIX])


def test_the_appendix_is_linked_from_06_and_listed_in_the_readme():
    appendix = [p for p in NOTEBOOKS if p.name.startswith(APPENDIX)]
    if not appendix:
        pytest.skip("no appendix notebook")
    name = appendix[0].name
    six = next(p for p in NOTEBOOKS if p.name.startswith("06"))
    assert f"]({name})" in markdown(load(six)), f"06 links to the appendix {name}"
    assert f"(notebooks/{name})" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_structure(path):
    nb = load(path)
    first = source(nb["cells"][0])
    number = path.name[:2]
    assert re.match(rf"# {number} · \S", first), f"{path.name}: first cell must be '# {number} · Title'"
    text = markdown(nb)
    assert "What you will learn" in text
    assert "Prerequisites" in text
    assert re.search(r"^## Summary", text, re.M), "a '## Summary' section"
    links = re.findall(r"Next:.*?\]\(([^)]+\.ipynb)\)", text)
    assert links, "a final 'Next: [...](NN_name.ipynb)' link"
    for link in links:
        assert (path.parent / link).is_file(), f"{path.name} links to missing {link}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercises_have_checks_and_hidden_solutions(path):
    nb = load(path)
    cells = nb["cells"]
    headings = [i for i, c in enumerate(cells)
                if c["cell_type"] == "markdown" and re.search(r"^###? Exercise", source(c), re.M)]
    assert len(headings) >= 2, f"{path.name}: at least two exercises"
    for i in headings:
        following = cells[i + 1:]
        nxt = next((j for j, c in enumerate(following)
                    if c["cell_type"] == "markdown" and re.search(r"^###? Exercise", source(c), re.M)),
                   len(following))
        block = following[:nxt]
        checks = [c for c in block if c["cell_type"] == "code" and re.search(r"\bcheck_\w+\(", source(c))]
        solutions = [c for c in block if c["cell_type"] == "markdown"
                     and "<details>" in source(c) and "Show solution" in source(c)]
        title = source(cells[i]).splitlines()[0]
        assert checks, f"{path.name} '{title}': a code cell that calls a check_...() function"
        assert solutions, f"{path.name} '{title}': a hidden '<details><summary>Show solution' cell"


@pytest.mark.parametrize("path", BOTH_EDITIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_outputs_are_stored_from_a_clean_run(path):
    nb = load(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip()]
    counts = [c["execution_count"] for c in code]
    assert None not in counts, f"{path.name}: some code cells were never run"
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: not run top to bottom in one go"
    for c in code:
        for out in c.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: a stored error:\n{source(c)}"
            if out.get("name") == "stderr":
                text = "".join(out["text"])
                assert "Warning" not in text, f"{path.name}: a warning in the output:\n{text}"
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"


@pytest.mark.parametrize("path", BOTH_EDITIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_ignored_outputs_give_a_reason(path):
    for c in load(path)["cells"]:
        src = source(c)
        if "NBVAL_IGNORE_OUTPUT" in src:
            line = next(x for x in src.splitlines() if "NBVAL_IGNORE_OUTPUT" in x)
            reason = line.split("NBVAL_IGNORE_OUTPUT", 1)[1].strip(" :-—")
            following = src.splitlines()[1] if len(src.splitlines()) > 1 else ""
            assert reason or following.lstrip().startswith("#"), (
                f"{path.name}: NBVAL_IGNORE_OUTPUT without a reason:\n{src}")
        assert "NBVAL_SKIP" not in src, f"{path.name}: skipped cells are not tested"
        assert "NBVAL_RAISES_EXCEPTION" not in src, f"{path.name}: show errors with try/except"


def test_strict_nbval_is_what_make_test_runs():
    makefile = (ROOT / "Makefile").read_text()
    assert "--nbval " in makefile and "--nbval-lax" not in makefile
