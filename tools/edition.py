"""The Chinese edition: built from the English sources and their translation catalogues.

    python -m tools.edition update            sync every catalogue with today's English
    python -m tools.edition build [SOURCE...]  write notebooks/zh, apps/zh and docs/*.zh-CN.md
    python -m tools.edition check [SOURCE...]  list everything that keeps the edition from shipping
    python -m tools.edition to-execute [--all] the Chinese notebooks whose outputs must be computed

A SOURCE is an English path or a notebook's name (``06_sliding_window_sampling``); none means all.
``make zh`` runs update, build, the executions, and check. What a catalogue holds and how it is kept
in step: ``tools.catalogues``; what a build makes: ``tools.builder``; what check checks of one
translation: ``tools.po_checks``.

``build`` refuses a source with a missing, empty or fuzzy (stale) entry: it names every such cell or
block and says what to do, and writes nothing for that source (the others are built). Old text is
never shipped as if it were current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools import builder, catalogues
from tools.po_checks import forbidden_words, translation_problems
from tools.sources import Source, select, sources

ROOT = Path(__file__).resolve().parent.parent


def check_catalogue(source: Source, forbidden: list[str]) -> list[catalogues.Problem]:
    """Structure and glossary problems of every translated entry of one catalogue."""
    where = {(u.context, u.english): u.where for u in source.units()}
    found = []
    for entry in catalogues.load(source):
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete or not entry.msgstr.strip() or key not in where:
            continue
        for what in translation_problems(entry.msgid, entry.msgstr, forbidden):
            what = f"{what} (in {source.catalogue})"
            found.append(catalogues.Problem(str(source.english), where[key], what))
    return found


def problems(root: Path, chosen: list[Source]) -> list[catalogues.Problem]:
    """Everything that keeps the chosen sources' Chinese edition from shipping."""
    forbidden = forbidden_words(root)
    found = []
    for source in chosen:
        found += builder.drift(source)
        found += check_catalogue(source, forbidden)
        if builder.needs_execution(source):
            found.append(catalogues.Problem(str(source.english), "",
                                            f"{source.target} was built but not executed: run `make zh`"))
    return found


def main(argv: list[str], root: Path = ROOT) -> int:
    command, names = (argv[0], argv[1:]) if argv else ("", [])
    if command == "update":
        for source in sources(root):
            counts = catalogues.update(source)
            print(f"{source.catalogue}: " + ", ".join(f"{n} {what}" for what, n in counts.items() if n))
        return 0
    if command == "build":
        refused = []
        for source in select(root, names):
            status, found = builder.write(source)
            print(f"{source.target}: {status}")
            refused += found
        for problem in refused:
            print(f"  {problem}", file=sys.stderr)
        if refused:
            print(f"build: {len(refused)} cell(s) or block(s) have no current translation (listed above); "
                  "their files were not built", file=sys.stderr)
        return 1 if refused else 0
    if command == "check":
        found = problems(root, select(root, names))
        for problem in found:
            print(problem)
        print(f"check: {len(found)} problem(s)")
        return 1 if found else 0
    if command == "to-execute":
        for source in sources(root):
            if builder.needs_execution(source, rerun=names == ["--all"]):
                print(source.target)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
