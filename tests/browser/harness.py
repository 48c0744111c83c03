"""The browser suite's plumbing: find Chromium, start and stop the local servers it drives.

Plain functions, so the error paths have unit tests of their own (``test_harness.py``):

* ``require_chromium()``: the Chromium binary to drive; skips the test when there is none (saying how
  to get one), but fails it when the environment variable ``CI`` is set: CI must run these tests.

* ``jupyter_home(root)``: a private home for Jupyter (config, data, runtime, settings, workspaces,
  IPython, matplotlib), so a test run reads no user settings and leaves nothing in the user's home;
  JupyterLab's news pop-up, build check and extension manager are switched off there.
* ``start_server(cmd, ready_url, ...)``: run a server with ``subprocess.Popen``, its output going to a
  log file, and poll ``ready_url`` until it answers. A server that exits or never answers raises
  ``ServerStartError`` naming the command, the URL, the time waited and the last lines of its log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOG_TAIL_LINES = 25
CHROMIUM_ENV = "TEXT_TO_TENSORS_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")


def in_ci() -> bool:
    """True when the environment variable CI is set to anything but an explicit no (0, false, no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_chromium() -> tuple[str | None, str]:
    """(path of the Chromium to use, "") or (None, why there is none).

    ``$TEXT_TO_TENSORS_CHROMIUM`` (a path or a command name) wins; otherwise the first of
    ``CHROMIUM_NAMES`` on PATH.
    """
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        path = shutil.which(named)
        if path is None:
            return None, f"{CHROMIUM_ENV}={named!r} is not an executable file"
        return path, ""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path, ""
    return None, f"no Chromium on PATH (looked for {', '.join(CHROMIUM_NAMES)})"


def how_to_enable(reason: str) -> str:
    return (
        f"browser tests need Chromium: {reason}. Enable them with `sudo apt-get install chromium` "
        f"(Debian/Ubuntu), or set {CHROMIUM_ENV}=/path/to/chromium (or Chrome)."
    )


def require_chromium() -> str:
    """The Chromium to drive; without one, skip (a laptop) or fail (``CI`` set) with how to get one."""
    path, reason = find_chromium()
    if path is None:
        if in_ci():
            pytest.fail(f"CI is set, so browser tests must run, but {how_to_enable(reason)}", pytrace=False)
        pytest.skip(how_to_enable(reason))
    return path


class ServerStartError(RuntimeError):
    """A test server exited, or did not answer in time; the message carries the tail of its log."""


# environment variable -> folder under the private home
JUPYTER_DIRS = {
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
    "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
}

# Lab settings for a quiet page: no "get notified about news?" toast over the bottom right.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


# Lab page options: no build check on page load (the app is prebuilt; the check costs seconds) and no
# extension manager (it would ask PyPI, which the tests' network guard blocks anyway).
PAGE_CONFIG = {
    "buildCheck": False,
    "buildAvailable": False,
    "disabledExtensions": {"@jupyterlab/extensionmanager-extension": True},
}


def jupyter_home(root: Path) -> dict[str, str]:
    """Create a private Jupyter home under ``root``; return the environment variables that select it."""
    env = {}
    for name, folder in JUPYTER_DIRS.items():
        path = Path(root) / folder
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    for relative, values in LAB_SETTINGS.items():
        target = settings / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2))
    labconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig"
    labconfig.mkdir(exist_ok=True)
    (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG, indent=2))
    return env


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of a log file ("(empty log)" if there is nothing)."""
    try:
        text = Path(path).read_text(errors="replace")
    except FileNotFoundError:
        return "(no log file)"
    tail = text.rstrip().splitlines()[-lines:]
    return "\n".join(tail) if tail else "(empty log)"


@dataclass
class Server:
    """A running server: its process, base URL (no trailing slash), token and log file."""

    process: subprocess.Popen
    url: str
    log_path: Path
    token: str = ""
    _log_file: object = field(default=None, repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout`` s) and close its log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        return log_tail(self.log_path, lines)


def _answers(url: str, expect_status: int | None) -> bool:
    """True once ``url`` gives an HTTP answer (of status ``expect_status``, if one is given)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False
    return expect_status is None or status == expect_status


def start_server(
    cmd: list[str],
    ready_url: str,
    *,
    base_url: str,
    log_path: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    token: str = "",
    timeout: float = 60.0,
    expect_status: int | None = 200,
    poll_every: float = 0.1,
) -> Server:
    """Start ``cmd`` and wait until ``ready_url`` answers; raise ``ServerStartError`` if it never does.

    The server's stdout and stderr go to ``log_path``. ``expect_status=None`` accepts any HTTP answer
    (for servers without a status endpoint).
    """
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log_path, "wb")  # closed by Server.stop()
    try:
        process = subprocess.Popen(
            cmd, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=cwd
        )
    except OSError as err:
        log_file.close()
        raise ServerStartError(f"could not start {cmd[0]!r}: {err}") from err
    server = Server(process=process, url=base_url, log_path=log_path, token=token, _log_file=log_file)
    started = time.monotonic()
    while True:
        code = process.poll()
        if code is not None:
            server.stop()
            raise ServerStartError(
                f"{Path(cmd[0]).name} exited with code {code} before answering at {_hide(ready_url, token)}."
                f"\nCommand: {_hide(' '.join(cmd), token)}\nLast lines of its log ({log_path}):\n"
                f"{log_tail(log_path)}"
            )
        if _answers(ready_url, expect_status):
            return server
        waited = time.monotonic() - started
        if waited > timeout:
            server.stop()
            raise ServerStartError(
                f"{Path(cmd[0]).name} did not answer at {_hide(ready_url, token)} within {timeout:.0f} s;"
                f" stopped it.\nCommand: {_hide(' '.join(cmd), token)}\nLast lines of its log ({log_path}):\n"
                f"{log_tail(log_path)}"
            )
        time.sleep(poll_every)


def _hide(text: str, token: str) -> str:
    return text.replace(token, "<token>") if token else text


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    """The current environment plus ``extra``, without variables that would steer Jupyter elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.update(extra)
    return env
