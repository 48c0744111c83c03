"""environment.yml (conda) and pyproject.toml (pip) describe the same environment."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[ ;]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for req in requirements:
        name = _name(req)
        match = re.search(r"==\s*([^\s;,]+)", req)
        pins[name] = match.group(1) if match else ""
    return pins


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs.extend(extra)
    return _pins(reqs)


def environment_pins() -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = [], []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep.get("pip", []))
        else:
            conda.append(dep)
    pip = [p for p in pip if not p.startswith("-")]
    conda_pins = {}
    for dep in conda:
        name, _, version = dep.partition("=")
        conda_pins[name.strip().lower()] = version.lstrip("=")
    return {**{k: v for k, v in conda_pins.items() if k not in ("python", "pip")},
            **_pins(pip)}, conda


def test_same_packages_and_versions():
    ours, _ = environment_pins()
    theirs = pyproject_pins()
    missing = sorted(set(theirs) - set(ours))
    extra = sorted(set(ours) - set(theirs))
    differ = sorted(f"{k}: pyproject {theirs[k]} vs environment.yml {ours[k]}"
                    for k in set(ours) & set(theirs) if ours[k] != theirs[k])
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    assert not differ, f"versions differ: {differ}"


def test_every_package_is_pinned_exactly():
    unpinned = [name for name, version in pyproject_pins().items() if not version]
    assert not unpinned, f"stored notebook outputs need exact pins; unpinned: {unpinned}"


def test_same_python():
    _, conda = environment_pins()
    assert "python=3.11" in conda
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11,<3.12"
    assert sys.version_info[:2] == (3, 11)


def test_the_comparison_notices_a_disagreement():
    """Guard against a test that cannot fail: a changed pin must be seen."""
    assert _pins(["torch==2.13.0"]) != _pins(["torch==2.14.1"])
    assert _name("scikit_learn==1.9.1") == _name("scikit-learn==1.9.1")


def test_torch_is_installed_first_and_pinned_in_the_venv_script():
    # `make venv` runs tools/make_venv.sh; both of its paths (uv and pip) install the pinned CPU
    # torch before the project, so the project's `torch==...` never pulls a CUDA build.
    script = (ROOT / "tools" / "make_venv.sh").read_text()
    torch_pin = f"torch=={pyproject_pins()['torch']}"
    assert f'TORCH="{torch_pin}"' in script
    for path in ("with_uv()", "with_pip()"):
        body = script[script.index(path):]
        body = body[: body.index("\n}\n")]
        assert body.index('"$TORCH"') < body.index("-e '.[test]'"), path
    assert "tools/make_venv.sh" in (ROOT / "Makefile").read_text()
