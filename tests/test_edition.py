"""The Chinese edition cannot drift from the English (issue 15).

Against the real files: every Chinese notebook, app and document is exactly what ``tools.edition``
builds from today's English and catalogue; every code cell is the English one (the first has one
extra line choosing the language); every catalogue is complete, current and keeps the English's
Markdown structure and the glossary. These fail, they never skip, while the edition is incomplete.

On a temporary copy with fixture catalogues (whatever the real translation state): a changed or
added English cell makes ``check`` fail and ``build`` refuse, naming the notebook and the cell;
stored outputs survive a build that changes nothing; documents work block by block.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import polib
import pytest

from tools import builder, catalogues
from tools.edition import check_catalogue, main, problems
from tools.po_checks import forbidden_words, structure, translation_problems
from tools.sources import markdown_blocks, sources

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sources(ROOT)
NOTEBOOKS = [s for s in SOURCES if s.kind == "notebook"]
FIXTURE_MARK = " 〔译〕"  # a fixture "translation": the English plus this mark keeps every structure


def listing(found) -> str:
    return "\n".join(str(p) for p in found)


# --- the real edition ---------------------------------------------------------------------------


def test_every_english_notebook_and_app_has_a_catalogue():
    assert {str(s.english.parent) for s in NOTEBOOKS} == {"notebooks", "apps"}
    missing = [str(s.catalogue) for s in SOURCES if not (ROOT / s.catalogue).exists()]
    assert not missing, f"no catalogue: {missing}; run `python -m tools.edition update`"


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: str(s.english))
def test_the_chinese_file_is_what_the_build_makes(source):
    drift = builder.drift(source)
    assert not drift, f"{source.target} is not today's build:\n{listing(drift)}"


@pytest.mark.parametrize("folder", ["notebooks", "apps"])
def test_no_chinese_notebook_without_an_english_one(folder):
    english = {p.name for p in (ROOT / folder).glob("*.ipynb")}
    extra = [p.name for p in (ROOT / folder / "zh").glob("*.ipynb") if p.name not in english]
    assert not extra, f"{folder}/zh has notebooks with no English source: {extra}"


def code_cells(path: Path) -> list[tuple[str, str, dict]]:
    nb = nbformat.read(path, as_version=4)
    return [(c.id, c.source, {k: v for k, v in c.metadata.items() if k not in builder.RUN_CELL_METADATA})
            for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda s: str(s.english))
def test_code_cells_are_the_english_ones_plus_one_language_line(source):
    target = ROOT / source.target
    assert target.exists(), f"{source.target} is missing: translate {source.catalogue}, then `make zh`"
    english, chinese = code_cells(ROOT / source.english), code_cells(target)
    assert [c[0] for c in chinese] == [c[0] for c in english], f"{source.target}: other code cells"
    first = chinese[0][1].split("\n", 1)
    assert first[0] == builder.ENV_LINE, f"{source.target} cell {chinese[0][0]}: first line {first[0]!r}"
    chinese[0] = (chinese[0][0], first[1] if len(first) > 1 else "", chinese[0][2])
    for (cell_id, en_src, en_meta), (_, zh_src, zh_meta) in zip(english, chinese, strict=True):
        assert zh_src == en_src, f"{source.target} cell {cell_id}: code differs from {source.english}"
        assert zh_meta == en_meta, f"{source.target} cell {cell_id}: metadata differ from {source.english}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: str(s.english))
def test_the_catalogue_is_complete_current_and_keeps_the_structure(source):
    _, untranslated = catalogues.translations(source)
    wrong = check_catalogue(source, forbidden_words(ROOT))
    assert not untranslated + wrong, f"{source.catalogue}:\n{listing(untranslated + wrong)}"


# --- the tool, on a temporary copy with fixture catalogues ---------------------------------------


def translate_all(root: Path, mark: str = FIXTURE_MARK) -> None:
    """Fixture catalogues: every empty or fuzzy entry gets the English plus ``mark``."""
    for po_path in (root / "locale").rglob("*.po"):
        po = polib.pofile(str(po_path), wrapwidth=0)
        for entry in po:
            if not entry.obsolete and (not entry.msgstr or "fuzzy" in entry.flags):
                entry.msgstr = entry.msgid + mark
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.save(str(po_path))


def pretend_executed(path: Path, text: str = "stored output") -> None:
    """Give every code cell an execution count and an output, as a run would."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for n, cell in enumerate(code, start=1):
        cell.execution_count = n
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{text} {n}\n")]
    nbformat.write(nb, path)


def edit_markdown(path: Path, index: int, new_text: str) -> str:
    nb = nbformat.read(path, as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "markdown"][index]
    cell.source = new_text
    nbformat.write(nb, path)
    return cell.id


NOTEBOOK = "06_sliding_window_sampling"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """One notebook, the app and the glossary of the real repository, with fixture translations,
    built and "executed"."""
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / f"{NOTEBOOK}.ipynb", tmp_path / "notebooks")
    shutil.copytree(ROOT / "apps", tmp_path / "apps", ignore=shutil.ignore_patterns("zh"))
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "glossary.md", tmp_path / "docs")
    assert main(["update"], root=tmp_path) == 0
    translate_all(tmp_path)
    assert main(["build"], root=tmp_path) == 0
    for source in sources(tmp_path):
        pretend_executed(tmp_path / source.target)
    return tmp_path


def test_a_fully_translated_copy_builds_and_checks_clean(repo, capsys):
    assert main(["check"], root=repo) == 0, capsys.readouterr().out
    nb = nbformat.read(repo / "notebooks" / "zh" / f"{NOTEBOOK}.ipynb", as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown and all(text.endswith(FIXTURE_MARK) for text in markdown)


def test_a_changed_english_cell_fails_check_and_build_naming_notebook_and_cell(repo, capsys):
    cell_id = edit_markdown(repo / "notebooks" / f"{NOTEBOOK}.ipynb", 2, "A new English text.")
    capsys.readouterr()
    assert main(["check"], root=repo) == 1
    out = capsys.readouterr().out
    assert f"notebooks/{NOTEBOOK}.ipynb cell {cell_id}: stale" in out
    assert main(["build"], root=repo) == 1
    err = capsys.readouterr().err
    assert f"notebooks/{NOTEBOOK}.ipynb cell {cell_id}: stale" in err
    # update keeps the old Chinese, but fuzzy: it is still refused, never shipped as current
    assert main(["update"], root=repo) == 0
    entry = next(e for e in polib.pofile(str(repo / "locale/zh_CN/notebooks" / f"{NOTEBOOK}.po"))
                 if e.msgctxt == cell_id)
    assert "fuzzy" in entry.flags and entry.msgid == "A new English text." and entry.previous_msgid
    target = repo / "notebooks" / "zh" / f"{NOTEBOOK}.ipynb"
    before = target.read_bytes()
    capsys.readouterr()
    assert main(["build", NOTEBOOK], root=repo) == 1
    assert f"cell {cell_id}: stale (fuzzy)" in capsys.readouterr().err
    assert target.read_bytes() == before, "a refused build writes nothing"
    assert main(["check"], root=repo) == 1


def test_a_refused_build_leaves_the_old_chinese_notebook_and_check_names_the_cell(repo, capsys):
    path = repo / "notebooks" / f"{NOTEBOOK}.ipynb"
    cell_id = edit_markdown(path, 0, "# 06 · A new title")
    main(["update"], root=repo)
    assert main(["build"], root=repo) == 1
    drift = builder.drift(next(s for s in sources(repo) if s.english.stem == NOTEBOOK))
    assert [p.where for p in drift] == [f"cell {cell_id}"]


def test_an_added_english_cell_is_missing_until_translated(repo, capsys):
    path = repo / "notebooks" / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    new = nbformat.v4.new_markdown_cell("One more **paragraph** with `code`.")
    nb.cells.insert(3, new)
    nbformat.write(nb, path)
    capsys.readouterr()
    assert main(["build"], root=repo) == 1
    assert f"cell {new.id}: missing" in capsys.readouterr().err
    assert main(["update"], root=repo) == 0
    assert main(["build"], root=repo) == 1
    assert f"cell {new.id}: not translated" in capsys.readouterr().err
    translate_all(repo)
    assert main(["build"], root=repo) == 0


def test_stored_outputs_survive_a_build_that_changes_nothing(repo, capsys):
    target = repo / "notebooks" / "zh" / f"{NOTEBOOK}.ipynb"
    before = target.read_bytes()
    capsys.readouterr()
    assert main(["build"], root=repo) == 0
    assert f"{NOTEBOOK}.ipynb: unchanged" in capsys.readouterr().out
    assert target.read_bytes() == before
    assert main(["to-execute"], root=repo) == 0
    assert capsys.readouterr().out == ""
    main(["to-execute", "--all"], root=repo)
    assert f"notebooks/zh/{NOTEBOOK}.ipynb" in capsys.readouterr().out


def test_a_changed_code_cell_is_rebuilt_without_outputs_and_listed_for_execution(repo, capsys):
    path = repo / "notebooks" / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "code"][3]
    cell.source += "\nprint('one more line')"
    nbformat.write(nb, path)
    assert main(["check"], root=repo) == 1
    assert f"cell {cell.id}: notebooks/zh/{NOTEBOOK}.ipynb: its source differs" in capsys.readouterr().out
    assert main(["build"], root=repo) == 0
    built = nbformat.read(repo / "notebooks" / "zh" / f"{NOTEBOOK}.ipynb", as_version=4)
    assert [c.source for c in built.cells if c.id == cell.id] == [cell.source]
    assert all(not c.outputs for c in built.cells if c.cell_type == "code")
    capsys.readouterr()
    main(["to-execute"], root=repo)
    assert capsys.readouterr().out.split() == [f"notebooks/zh/{NOTEBOOK}.ipynb"]
    assert any("not executed" in str(p) for p in problems(repo, sources(repo)))


def test_code_cell_metadata_and_notebook_metadata_are_copied(repo):
    english = nbformat.read(repo / "notebooks" / f"{NOTEBOOK}.ipynb", as_version=4)
    chinese = nbformat.read(repo / "notebooks" / "zh" / f"{NOTEBOOK}.ipynb", as_version=4)
    assert [c.id for c in chinese.cells] == [c.id for c in english.cells]
    tagged = [c for c in english.cells if c.metadata.get("tags")]
    assert tagged, "the fixture notebook has tagged cells"
    for en, zh in zip(english.cells, chinese.cells, strict=True):
        assert zh.metadata.get("tags") == en.metadata.get("tags"), f"cell {en.id}"
    assert chinese.metadata.kernelspec == english.metadata.kernelspec


def test_a_translation_that_breaks_the_structure_or_the_glossary_is_reported(repo, capsys):
    po_path = repo / "locale/zh_CN/notebooks" / f"{NOTEBOOK}.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    entry = next(e for e in po if "`" in e.msgid)
    entry.msgstr = entry.msgid.replace("`", "") + " 令牌"
    po.save(str(po_path))
    capsys.readouterr()
    assert main(["check"], root=repo) == 1
    out = capsys.readouterr().out
    assert f"cell {entry.msgctxt}: code spans differ" in out
    assert f"cell {entry.msgctxt}: uses '令牌'" in out


@pytest.mark.parametrize(("english", "chinese", "what"), [
    ("See [05](05_bpe.ipynb).", "见 05。", "links"),
    ("$x_i$ and $y$", "$x_i$ 和 y", "LaTeX"),
    ("<details><summary>Show solution</summary>\n\nx\n</details>", "显示答案 x", "HTML tags"),
    ("## Summary", "小结", "headings"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "| a | b |\n|---|---|", "table rows"),
    ("- one\n- two", "- 一、二", "list items"),
    ("```python\nx = 1\n```", "x = 1", "fenced code blocks"),
])
def test_each_structure_check_catches_its_kind(english, chinese, what):
    found = translation_problems(english, chinese, [])
    assert any(p.startswith(what) for p in found), found
    assert not translation_problems(english, english, []), structure(english)


def test_the_glossary_rules_out_its_not_column(repo):
    words = forbidden_words(repo)
    assert "令牌" in words and "步长" in words
    assert "词元" not in words and "步幅" not in words


# --- Markdown documents, block by block -----------------------------------------------------------

GUIDE = """# A guide

First paragraph, with `code`
on two lines.

```bash
make lab

make test
```

- one
- two

| a | b |
|---|---|
"""


def test_markdown_blocks_keep_fenced_code_whole():
    blocks = markdown_blocks(GUIDE)
    assert [line for line, _ in blocks] == [1, 3, 6, 12, 15]
    assert blocks[2][1] == "```bash\nmake lab\n\nmake test\n```"


def test_a_document_is_translated_block_by_block_and_its_code_copied(repo, capsys):
    guide = repo / "docs" / "teachers-guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    assert main(["update"], root=repo) == 0
    po = polib.pofile(str(repo / "locale/zh_CN/docs/teachers-guide.po"))
    assert {e.msgctxt for e in po} == {"docs/teachers-guide.md"}
    assert len(po) == 4, "four blocks to translate; the fenced code block is copied"
    assert main(["build"], root=repo) == 1
    assert "docs/teachers-guide.md block 2 (line 3): not translated" in capsys.readouterr().err
    translate_all(repo)
    assert main(["build"], root=repo) == 0
    chinese = (repo / "docs" / "teachers-guide.zh-CN.md").read_text(encoding="utf-8")
    assert "```bash\nmake lab\n\nmake test\n```" in chinese
    assert f"# A guide{FIXTURE_MARK}" in chinese
    assert main(["check"], root=repo) == 0, capsys.readouterr().out

    guide.write_text(GUIDE.replace("on two lines.", "on two short lines."), encoding="utf-8")
    capsys.readouterr()
    assert main(["check"], root=repo) == 1
    assert "docs/teachers-guide.md block 2 (line 3): missing" in capsys.readouterr().out
    main(["update"], root=repo)
    po = polib.pofile(str(repo / "locale/zh_CN/docs/teachers-guide.po"))
    changed = next(e for e in po if not e.obsolete and "short" in e.msgid)
    assert "fuzzy" in changed.flags and changed.previous_msgid.endswith("on two lines.")
    assert main(["build"], root=repo) == 1
    assert "block 2 (line 3): stale (fuzzy)" in capsys.readouterr().err
