"""The two commands: `make lab` serves JupyterLab; a failing set-up step says which step failed."""

from __future__ import annotations

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


@pytest.mark.slow
def test_make_lab_starts_jupyterlab_that_answers(tmp_path):
    port = free_port()
    token = "t2t-test-token"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}",
         f"LAB_ARGS=--no-browser --ip=127.0.0.1 --IdentityProvider.token={token}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/status?token={token}"
                with urllib.request.urlopen(url, timeout=2) as response:
                    status = json.load(response)
                    break
            except OSError:
                time.sleep(0.5)
        assert status is not None, f"JupyterLab did not answer on port {port}"
        assert "started" in status
        url = f"http://127.0.0.1:{port}/api/contents?token={token}"
        with urllib.request.urlopen(url, timeout=5) as response:
            names = {item["name"] for item in json.load(response)["content"]}
        expected = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
        assert expected and expected <= names, "make lab serves notebooks/"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


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
    out = subprocess.run(["make", "--no-print-directory", "-n", "lab-zh"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "--notebook-dir=notebooks/zh" in out.stdout
    settings = re.search(r"--LabApp\.user_settings_dir=(\S+)", out.stdout)
    assert settings and Path(settings.group(1)).is_relative_to(ROOT / ".venv"), "never the user's home"
    copied = Path(settings.group(1)) / "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
    flat = " ".join(out.stdout.replace("\\\n", " ").split())
    assert f"cp locale/zh_CN/jupyterlab/translation.jupyterlab-settings {copied.relative_to(ROOT)}" in flat
    setting = json.loads((ROOT / "locale/zh_CN/jupyterlab/translation.jupyterlab-settings").read_text())
    assert setting == {"locale": "zh_CN"}


def test_make_zh_executes_only_what_changed_in_the_notebooks_folder_and_checks_last():
    out = subprocess.run(["make", "--no-print-directory", "-n", "zh"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    steps = re.findall(r"tools\.edition (update|build|to-execute|check)", out.stdout)
    assert steps == ["update", "build", "to-execute", "check"]
    assert "cd $(dirname $nb) && PYTHONHASHSEED=0" in out.stdout
    assert "nbconvert --to notebook --execute" in out.stdout
