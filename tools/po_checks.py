"""Checks of one translation against its English: the same Markdown structure, and none of the
words the glossary rules out.

A translation must keep what the reader's tools rely on: inline code spans, link and image targets,
LaTeX, HTML tags (``<details>``), heading levels, table rows, list items and fenced code blocks.
The words in the "not" column of ``docs/glossary.md`` must not appear.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

GLOSSARY = Path("docs") / "glossary.md"


def forbidden_words(root: Path) -> list[str]:
    """The "not (不用)" column of the glossary's table, one word per entry."""
    words = []
    for line in (root / GLOSSARY).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2] and cells[0] not in ("English", "---"):
            words += [w.strip() for w in cells[2].split(",") if w.strip() and w.strip() != "---"]
    return words


def structure(text: str) -> dict[str, object]:
    """What a translation must keep of a Markdown text, counted."""
    fences = re.findall(r"^\s*```.*$", text, flags=re.M)
    body = re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.M | re.S)
    return {
        "code spans": Counter(re.findall(r"`[^`\n]+`", body)),
        "links": Counter(re.findall(r"\]\(([^)\s]+)", body)),
        "LaTeX": Counter(re.findall(r"\$\$.+?\$\$|\$[^$\n]+\$", body, flags=re.S)),
        "HTML tags": Counter(re.findall(r"</?[a-zA-Z][^>]*>", body)),
        "headings": Counter(re.findall(r"^(#+) ", body, flags=re.M)),
        "table rows": len(re.findall(r"^\s*\|", body, flags=re.M)),
        "list items": len(re.findall(r"^\s*(?:[-*+]|\d+\.) ", body, flags=re.M)),
        "fenced code blocks": len(fences),
    }


def shown(value: object) -> str:
    return repr(dict(value)) if isinstance(value, Counter) else str(value)


def translation_problems(english: str, chinese: str, forbidden: list[str]) -> list[str]:
    """Every way ``chinese`` fails to match ``english``'s structure or the glossary."""
    problems = []
    en, zh = structure(english), structure(chinese)
    for key in en:
        if en[key] != zh[key]:
            problems.append(f"{key} differ from the English: "
                            f"English {shown(en[key])}, Chinese {shown(zh[key])}")
    problems += [f"uses '{word}': docs/glossary.md rules it out" for word in forbidden if word in chinese]
    return problems
