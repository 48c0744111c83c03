"""The classroom apps in ``apps/``: what the index page lists (``apps/index.ipynb``).

Each app is a small notebook (a Markdown title and intro, one code cell) that ``make app`` serves
with Voila. ``app_index()`` reads the apps beside the running notebook and shows one link per app,
titled by the app's own first heading, so a new app or a translated edition (``apps/zh/``, the
same file names) needs no list kept by hand. Editions are folders with an ``index.ipynb`` of their
own; the index links to them, and an edition's index links back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

INDEX = "index.ipynb"
# The order of the series: the notebook each explorer comes from (01, 02-05, 06, 07, 08).
ORDER = ("word_picker.ipynb", "tokenizer_playground.ipynb", "sliding_window_explorer.ipynb",
         "embedding_lookup_explorer.ipynb", "positions_explorer.ipynb")


@dataclass(frozen=True)
class AppLink:
    """One line of the index: the link (relative to the index page) and the text shown."""

    href: str
    title: str


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook, without its ``#`` marks (the file name if none)."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError) as err:
        raise ValueError(f"{path} is not a readable notebook ({err}). "
                         "Fix: save it again from Jupyter.") from err
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return Path(path).stem


def list_apps(folder: Path | str) -> list[AppLink]:
    """The apps in ``folder`` (every notebook but the index), in the series' order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder {folder}. Fix: run the index from the apps/ folder.")
    names = [p.name for p in folder.glob("*.ipynb") if p.name != INDEX]
    names.sort(key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))
    return [AppLink(name, notebook_title(folder / name)) for name in names]


def list_editions(folder: Path | str) -> list[AppLink]:
    """The other editions of the index: folders beside it with an index of their own, and the folder
    above when this one is itself an edition."""
    folder = Path(folder).resolve()
    found = [AppLink(f"{sub.name}/{INDEX}", notebook_title(sub / INDEX))
             for sub in sorted(folder.iterdir()) if (sub / INDEX).is_file()]
    if (folder.parent / INDEX).is_file() and (folder / INDEX).is_file():
        found.insert(0, AppLink(f"../{INDEX}", notebook_title(folder.parent / INDEX)))
    return found


def app_index(folder: Path | str | None = None):
    """The index page's body (an ``IPython.display.HTML``) for the apps in ``folder`` (default: the
    folder the notebook runs in, as Voila and Jupyter start kernels there)."""
    from IPython.display import HTML

    from .html_views import app_index_html

    folder = Path.cwd() if folder is None else Path(folder)
    return HTML(app_index_html(list_apps(folder), list_editions(folder)))
