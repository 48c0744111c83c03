"""README.zh-CN.md is the Chinese README: on its first screen the same notebooks as the English
README (linked into notebooks/zh), the same two commands; a link back; the glossary's words. The
English README links it on its first line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tools.po_checks import forbidden_words

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = (ROOT / "README.md").read_text(encoding="utf-8")
CHINESE = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
FIRST_SCREEN = CHINESE.split("\n---\n", 1)[0]
CJK = re.compile(r"[\u4e00-\u9fff]")


def table_notebooks(text: str, folder: str) -> list[str]:
    return re.findall(rf"^\| \d\d \| \[[^]]+\]\({re.escape(folder)}/(\d\d_\w+\.ipynb)\)", text, flags=re.M)


def test_the_english_readme_links_the_chinese_one_at_the_top():
    assert "](README.zh-CN.md)" in ENGLISH.splitlines()[0]


def test_the_first_screen_lists_every_notebook_in_chinese_linked_into_notebooks_zh():
    english = table_notebooks(ENGLISH, "notebooks")
    assert english, "the English README's notebook table"
    assert table_notebooks(FIRST_SCREEN, "notebooks/zh") == english
    for row in re.findall(r"^\| \d\d \|.*$", FIRST_SCREEN, flags=re.M):
        title, learn = row.split("|")[2:4]
        assert CJK.search(title) and CJK.search(learn), f"not in Chinese: {row}"


def test_the_first_screen_has_both_commands_and_the_chinese_readme_links_back():
    for command in ("make lab", "make test"):
        assert re.search(rf"^{command}\s+# ", FIRST_SCREEN, flags=re.M), command
    assert "](README.md)" in CHINESE.splitlines()[0]
    assert "fonts-noto-cjk" in CHINESE and "](docs/glossary.md)" in CHINESE


def test_the_chinese_readme_uses_the_glossary():
    used = [word for word in forbidden_words(ROOT) if word in CHINESE]
    assert not used, f"README.zh-CN.md uses {used}; see docs/glossary.md"


def test_each_title_in_the_table_is_the_chinese_notebooks_own():
    for title, name in re.findall(r"^\| \d\d \| \[([^]]+)\]\(notebooks/zh/(\d\d_\w+\.ipynb)\)", FIRST_SCREEN,
                                  flags=re.M):
        path = ROOT / "notebooks" / "zh" / name
        assert path.exists(), f"README.zh-CN.md links {path.relative_to(ROOT)}: build it with `make zh`"
        heading = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"][0]
        assert heading.startswith(f"# {name[:2]} · {title}"), f"{name}: {title!r} vs {heading!r}"
