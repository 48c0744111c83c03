"""The two commands: `make lab` serves JupyterLab; a failing set-up step says which step failed."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from ports import free_port

ROOT = Path(__file__).resolve().parent.parent


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


@contextlib.contextmanager
def make_lab(target: str, tmp_path: Path, output: list[str] | None = None):
    """Run `make <target>` (lab or lab-zh) on a free port until JupyterLab answers; yield its base URL
    and token; stop make and the JupyterLab it started afterwards (and append what make printed to
    `output`, if given)."""
    port = free_port()
    token = "t2t-test-token"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    proc = subprocess.Popen(
        ["make", "--no-print-directory", target, f"PORT={port}",
         f"LAB_ARGS=--no-browser --ip=127.0.0.1 --IdentityProvider.token={token}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = get_json(f"{base}/api/status?token={token}")
                break
            except OSError:
                time.sleep(0.5)
        assert status is not None, f"make {target}: JupyterLab did not answer on port {port}"
        assert "started" in status
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            printed, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            printed, _ = proc.communicate()
        if output is not None:
            output.append(printed)


def dry_run(target: str) -> str:
    """What `make -n <target>` would run (nothing is run)."""
    out = subprocess.run(["make", "--no-print-directory", "-n", target], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def served_names(base: str, token: str) -> set[str]:
    return {item["name"] for item in get_json(f"{base}/api/contents?token={token}")["content"]}


@pytest.mark.slow
def test_make_lab_starts_jupyterlab_that_answers(tmp_path):
    output: list[str] = []
    with make_lab("lab", tmp_path, output) as (base, token):
        names = served_names(base, token)
    expected = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert expected and expected <= names, "make lab serves notebooks/"
    # The story is ready before JupyterLab starts; the Wikipedia sample is prepared beside it (here
    # from data/'s checked copy, in about a second, while JupyterLab takes several).
    printed = output[0]
    assert printed.index("the-verdict.txt: 20479 characters, sha256 checked") < printed.index(
        "==> step: JupyterLab on notebooks/")
    assert "Wikipedia sample: 480399 words in 106 articles" in printed, printed


@pytest.mark.parametrize("target", ["lab", "lab-zh"])
def test_make_lab_waits_for_the_story_but_not_for_the_wikipedia_sample(target):
    commands = dry_run(target).splitlines()
    lab = next(i for i, line in enumerate(commands) if "jupyter lab" in line)
    assert any("-m helpers.corpora verdict" in line for line in commands[:lab])
    background = [line for line in commands[:lab] if "-m helpers.corpora wiki" in line]
    assert background and all(line.rstrip().endswith("&)") for line in background), background


@pytest.mark.slow
def test_make_lab_zh_serves_the_chinese_edition_with_jupyterlab_set_to_chinese(tmp_path):
    with make_lab("lab-zh", tmp_path) as (base, token):
        names = served_names(base, token)
        setting = get_json(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}")
        languages = get_json(f"{base}/lab/api/translations?token={token}")
    expected = {p.name for p in (ROOT / "notebooks" / "zh").glob("*.ipynb")}
    assert expected and expected <= names, "make lab-zh serves notebooks/zh"
    assert setting["settings"]["locale"] == "zh_CN"
    assert "zh_CN" in languages["data"], f"the Chinese language pack is not installed: {languages}"


def test_a_failing_step_is_named_and_fails_make(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    fake_python = tmp_path / "python-too-old"
    fake_python.write_text("#!/bin/sh\nexit 1\n")
    fake_python.chmod(0o755)
    out = subprocess.run(["make", "--no-print-directory", "venv", f"PYTHON={fake_python}"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "make: FAILED at step: python version check" in out.stderr
    assert not (tmp_path / ".venv").exists(), "nothing half-built after a failed check"


def test_an_installed_venv_is_not_rebuilt():
    out = subprocess.run(["make", "--no-print-directory", "-q", "venv"], cwd=ROOT, timeout=60)
    assert out.returncode == 0, ".venv is out of date although the suite is running from it"


def test_make_lab_zh_opens_the_chinese_edition_with_chinese_menus_set_inside_the_venv():
    commands = dry_run("lab-zh")
    assert "--notebook-dir=notebooks/zh" in commands
    settings = re.search(r"--LabApp\.user_settings_dir=(\S+)", commands)
    assert settings and Path(settings.group(1)).is_relative_to(ROOT / ".venv"), "never the user's home"
    copied = Path(settings.group(1)) / "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
    flat = " ".join(commands.replace("\\\n", " ").split())
    assert f"cp locale/zh_CN/jupyterlab/translation.jupyterlab-settings {copied.relative_to(ROOT)}" in flat
    setting = json.loads((ROOT / "locale/zh_CN/jupyterlab/translation.jupyterlab-settings").read_text())
    assert setting == {"locale": "zh_CN"}


def test_make_zh_executes_only_what_changed_in_the_notebooks_folder_and_checks_last():
    commands = dry_run("zh")
    steps = re.findall(r"tools\.edition (update|build|to-execute|check)", commands)
    assert steps == ["update", "build", "to-execute", "check"]
    assert "cd $(dirname $nb) && PYTHONHASHSEED=0" in commands
    assert "nbconvert --to notebook --execute" in commands
