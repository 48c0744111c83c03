"""The Chinese edition's translation catalogues (first step: keep them in step with the English).

One gettext catalogue per notebook, ``locale/zh_CN/<folder>/<name>.po``. Each markdown cell of the
English notebook is one entry: ``msgctxt`` is the cell's id, ``msgid`` its English text, ``msgstr``
the Chinese. Code cells are never translated, so they have no entry.

    python -m tools.edition update     sync every catalogue with today's English notebooks

``update`` keeps every translation whose cell id and English text are unchanged. An entry whose
English changed is kept but marked fuzzy, with the old English as ``#| msgid`` so a translator
sees what changed; it is never used as if it were current. Cells that are gone become obsolete
(``#~``) entries. Nothing else is touched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "zh_CN"
SOURCES = {"notebooks": ROOT / "notebooks", "apps": ROOT / "apps"}
CATALOGUES = ROOT / "locale" / LANGUAGE


def english_notebooks() -> list[tuple[str, Path]]:
    """(folder name, path) of every English notebook the edition translates."""
    found = []
    for folder, directory in SOURCES.items():
        for path in sorted(directory.glob("*.ipynb")):
            found.append((folder, path))
    return found


def catalogue_path(folder: str, notebook: Path) -> Path:
    return CATALOGUES / folder / (notebook.stem + ".po")


def markdown_cells(notebook: Path) -> list[tuple[int, str, str]]:
    """(index, cell id, English text) of every markdown cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        (index, cell["id"], "".join(cell["source"]))
        for index, cell in enumerate(cells)
        if cell["cell_type"] == "markdown"
    ]


def new_catalogue(folder: str, notebook: Path) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"text-to-tensors {folder}/{notebook.name}",
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def update_catalogue(folder: str, notebook: Path) -> dict[str, int]:
    """Bring one catalogue in step with its English notebook; return counts of what changed."""
    path = catalogue_path(folder, notebook)
    old = polib.pofile(str(path), wrapwidth=0) if path.exists() else new_catalogue(folder, notebook)
    by_id = {entry.msgctxt: entry for entry in old if not entry.obsolete}
    po = new_catalogue(folder, notebook)
    po.metadata = old.metadata or po.metadata
    counts = {"kept": 0, "new": 0, "stale": 0, "gone": 0}
    seen = set()
    for index, cell_id, english in markdown_cells(notebook):
        seen.add(cell_id)
        entry = by_id.get(cell_id)
        occurrence = [(f"{folder}/{notebook.name}", str(index))]
        if entry is None:
            po.append(polib.POEntry(msgctxt=cell_id, msgid=english, msgstr="", occurrences=occurrence))
            counts["new"] += 1
        elif entry.msgid == english:
            entry.occurrences = occurrence
            po.append(entry)
            counts["kept" if "fuzzy" not in entry.flags else "stale"] += 1
        else:
            stale = polib.POEntry(
                msgctxt=cell_id,
                msgid=english,
                msgstr=entry.msgstr,
                occurrences=occurrence,
                flags=["fuzzy"],
                previous_msgid=entry.previous_msgid if "fuzzy" in entry.flags else entry.msgid,
                tcomment=entry.tcomment,
            )
            po.append(stale)
            counts["stale"] += 1
    for entry in old:
        if entry.obsolete or entry.msgctxt in seen:
            continue
        entry.obsolete = True
        po.append(entry)
        counts["gone"] += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return counts


def main(argv: list[str]) -> int:
    if argv[:1] != ["update"]:
        print(__doc__)
        return 2
    for folder, notebook in english_notebooks():
        counts = update_catalogue(folder, notebook)
        summary = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
        print(f"{catalogue_path(folder, notebook).relative_to(ROOT)}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
