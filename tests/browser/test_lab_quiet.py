"""No nagging: JupyterLab as `make lab` starts it opens without a news or update pop-up.

The project turns them off in its own settings, ``jupyter/lab/settings/overrides.json``, which
`make` copies into the venv (``<venv>/share/jupyter/lab/settings``), never into the user's home. Here
JupyterLab starts with a private home that holds no settings at all (unlike the other browser tests,
whose home switches the pop-ups off itself), so only the project's settings can keep the page quiet.
"""

from __future__ import annotations

import json
import secrets
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ports import free_port

from .harness import ServerStartError, clean_env, jupyter_home, start_server
from .lab_pages import step

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = ROOT / "jupyter" / "lab" / "settings" / "overrides.json"
INSTALLED = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
POPUPS = ".jp-toast, .Toastify__toast, .jp-Dialog"
QUIET_SECONDS = 6  # the news question appears within a second or two of the page being ready


def test_make_installs_the_projects_lab_settings():
    assert INSTALLED.is_file() and json.loads(INSTALLED.read_text()) == json.loads(OVERRIDES.read_text()), (
        f"{INSTALLED} is missing or differs from {OVERRIDES}. Fix: run `make settings` (make lab does it)."
    )
    settings = json.loads(OVERRIDES.read_text())["@jupyterlab/apputils-extension:notification"]
    assert settings == {"fetchNews": "false", "checkForUpdates": False}


@pytest.fixture
def quiet_lab(chromium_executable, browser_tmp: Path, running_servers: list):
    """JupyterLab started as `make lab` does (notebooks/ as its folder), in a home with no settings."""
    env = jupyter_home(browser_tmp / "bare-home")
    for name in ("JUPYTERLAB_SETTINGS_DIR", "JUPYTER_CONFIG_DIR"):  # drop what the harness writes there
        for path in sorted(Path(env[name]).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={ROOT / 'notebooks'}", f"--port={port}",
           "--allow-root", "--no-browser", "--ip=127.0.0.1", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}"]
    base = f"http://127.0.0.1:{port}"
    try:
        server = start_server(cmd, f"{base}/api/status?token={token}", base_url=base, token=token,
                              env=clean_env(env), log_path=browser_tmp / "quiet-lab.log", timeout=60)
    except ServerStartError as err:
        pytest.fail(str(err), pytrace=False)
    running_servers.append(server)
    return server


def test_lab_opens_without_news_or_update_pop_ups(page, quiet_lab):
    plugin = "@jupyterlab/apputils-extension:notification"
    url = f"{quiet_lab.url}/lab/api/settings/{plugin}?token={quiet_lab.token}"
    with urllib.request.urlopen(url, timeout=10) as response:
        defaults = json.load(response)["schema"]["properties"]  # the overrides change the defaults
    assert defaults["fetchNews"]["default"] == "false" and defaults["checkForUpdates"]["default"] is False
    with step("open JupyterLab"):
        page.goto(f"{quiet_lab.url}/lab?reset&token={quiet_lab.token}", timeout=60_000)
        expect(page.locator("#jp-main-dock-panel")).to_be_visible(timeout=60_000)
        expect(page.locator(".jp-DirListing-item").first).to_be_visible(timeout=60_000)
    with step(f"watch {QUIET_SECONDS} s for pop-ups"):
        for _ in range(QUIET_SECONDS * 4):
            shown = page.locator(POPUPS)
            assert shown.count() == 0, f"a pop-up appeared: {shown.first.inner_text()!r}"
            page.wait_for_timeout(250)
