"""The apps' index (helpers.apps, apps/index.ipynb): every app listed once, by its own title, in the
series' order, and the other editions linked both ways."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers.apps import INDEX, ORDER, app_index, list_apps, list_editions, notebook_title
from helpers.html_views import app_index_html

APPS = Path(__file__).resolve().parent.parent / "apps"


def test_the_index_lists_every_app_in_the_series_order():
    apps = list_apps(APPS)
    assert [a.href for a in apps] == list(ORDER)  # the five explorers, nothing else, in order
    assert sorted(p.name for p in APPS.glob("*.ipynb")) == sorted([*ORDER, INDEX])
    for app in apps:
        first = json.loads((APPS / app.href).read_text())["cells"][0]
        assert first["cell_type"] == "markdown" and "".join(first["source"]).startswith(f"# {app.title}\n")


def test_each_app_is_a_short_intro_and_one_code_cell():
    for path in APPS.glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        assert [c["cell_type"] for c in cells] == ["markdown", "code"], path.name
        assert not cells[1]["outputs"], f"{path.name} is stored without outputs (Voila runs it)"


def test_an_edition_folder_is_linked_both_ways(tmp_path):
    shutil.copytree(APPS, tmp_path / "apps", ignore=shutil.ignore_patterns("zh"))
    zh = tmp_path / "apps" / "zh"
    zh.mkdir()
    for name in (INDEX, "word_picker.ipynb"):
        nb = json.loads((APPS / name).read_text())
        nb["cells"][0]["source"] = [f"# 译 {notebook_title(APPS / name)}\n"]
        (zh / name).write_text(json.dumps(nb))
    assert [(e.href, e.title) for e in list_editions(tmp_path / "apps")] == \
        [("zh/index.ipynb", f"译 {notebook_title(APPS / INDEX)}")]
    back = [(e.href, e.title) for e in list_editions(zh)]
    assert back == [("../index.ipynb", notebook_title(APPS / INDEX))]
    assert [a.href for a in list_apps(zh)] == ["word_picker.ipynb"]


def test_the_index_html_links_each_app_and_edition(monkeypatch):
    monkeypatch.chdir(APPS)  # Voila and Jupyter start the index's kernel in its folder
    html = app_index().data
    assert html == app_index_html(list_apps(APPS), list_editions(APPS))
    for name in ORDER:
        assert f"class='t2t-app-link' href='{name}'" in html
    assert "<code>max_length</code>" in html  # backticks of a title shown as code


def test_a_broken_notebook_or_missing_folder_names_the_fix(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{not json")
    with pytest.raises(ValueError, match="not a readable notebook.*Fix: save it again"):
        list_apps(tmp_path)
    with pytest.raises(FileNotFoundError, match="Fix: run the index from the apps/ folder"):
        list_apps(tmp_path / "nowhere")
