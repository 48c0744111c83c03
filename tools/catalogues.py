"""The translation catalogues (gettext ``.po``, read and written with ``polib``): keep them in step with
the English, and look the Chinese up for a build.

``update`` keeps every translation whose key (``msgctxt``, English text) is unchanged. A notebook
cell whose English changed keeps its translation marked fuzzy, with the old English as ``#| msgid``
so the translator sees what changed; a changed document block does the same when an old block is
close enough to be its earlier version. A fuzzy entry is never used as if it were current.
Units that are gone become obsolete (``#~``) entries. Nothing else is touched.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import polib

from tools.sources import LANGUAGE, Source, Unit

# How alike an old document block must be to a new one to be offered as its (fuzzy) translation.
CLOSE_BLOCK = 0.6


def load(source: Source) -> polib.POFile:
    path = source.root / source.catalogue
    return polib.pofile(str(path), wrapwidth=0) if path.exists() else new_catalogue(source)


def new_catalogue(source: Source) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"text-to-tensors {source.english}",
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def earlier_version(source: Source, unit: Unit, unused: dict) -> polib.POEntry | None:
    """The entry that translated an earlier English text of this unit, if any: the same cell id for
    a notebook; the closest unused old block for a document."""
    if source.kind == "notebook":
        return next((e for (ctx, _), e in unused.items() if ctx == unit.context), None)
    olds = {msgid: e for (ctx, msgid), e in unused.items() if ctx == unit.context and e.msgstr}
    close = difflib.get_close_matches(unit.english, list(olds), n=1, cutoff=CLOSE_BLOCK)
    return olds[close[0]] if close else None


def update(source: Source) -> dict[str, int]:
    """Bring one catalogue in step with its English source; return counts of what changed."""
    old = load(source)
    unused = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    po = new_catalogue(source)
    po.metadata = old.metadata or po.metadata
    counts = {"kept": 0, "new": 0, "stale": 0, "gone": 0}
    added: dict[tuple[str, str], polib.POEntry] = {}
    for unit in source.units():
        key = (unit.context, unit.english)
        if key in added:  # the same block twice in a document: one entry, two places
            added[key].occurrences.append(unit.occurrence)
            continue
        entry = unused.pop(key, None)
        if entry is not None:
            entry.occurrences = [unit.occurrence]
            counts["stale" if "fuzzy" in entry.flags else "kept"] += 1
        else:
            earlier = earlier_version(source, unit, unused)
            entry = polib.POEntry(msgctxt=unit.context, msgid=unit.english, msgstr="",
                                  occurrences=[unit.occurrence])
            if earlier is None:
                counts["new"] += 1
            else:
                del unused[(earlier.msgctxt, earlier.msgid)]
                entry.msgstr, entry.tcomment, entry.flags = earlier.msgstr, earlier.tcomment, ["fuzzy"]
                entry.previous_msgid = earlier.previous_msgid if "fuzzy" in earlier.flags else earlier.msgid
                counts["stale"] += 1
        added[key] = entry
        po.append(entry)
    for entry in [*unused.values(), *(e for e in old if e.obsolete)]:
        counts["gone"] += not entry.obsolete
        entry.obsolete = True
        po.append(entry)
    path = source.root / source.catalogue
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return counts


@dataclass(frozen=True)
class Problem:
    """Something that keeps a source from being built or shipped, and what to do about it."""

    path: str  # the English source
    where: str  # "cell 8f1e1062", "block 3 (line 12)", or "" for the whole file
    what: str

    def __str__(self) -> str:
        return f"{self.path} {self.where}: {self.what}" if self.where else f"{self.path}: {self.what}"


def translations(source: Source) -> tuple[dict[tuple[str, str], str], list[Problem]]:
    """The usable Chinese for every unit of ``source``, keyed (context, English), and a problem for
    every unit that has none: no entry, an empty one, or a stale (fuzzy) one."""
    po = load(source)
    entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    contexts = {e.msgctxt for e in po if not e.obsolete}
    todo = f"translate it in {source.catalogue}, then `make zh`"
    found, problems = {}, []
    for unit in source.units():
        entry = entries.get((unit.context, unit.english))
        if entry is None and source.kind == "notebook" and unit.context in contexts:
            what = ("stale: the English cell changed since it was translated; `make zh` marks its entry "
                    f"fuzzy beside the old English: update the Chinese in {source.catalogue}, then `make zh`")
        elif entry is None:
            what = f"missing: no entry for this English text; run `make zh` to add one and {todo}"
        elif not entry.msgstr.strip():
            what = f"not translated: {todo}"
        elif "fuzzy" in entry.flags:
            what = (f"stale (fuzzy): the English changed since it was translated; update the Chinese in "
                    f"{source.catalogue} (the old English is its `#| msgid`), remove the fuzzy flag, "
                    "then `make zh`")
        else:
            found[(unit.context, unit.english)] = entry.msgstr
            continue
        problems.append(Problem(str(source.english), unit.where, what))
    return found, problems
