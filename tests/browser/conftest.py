"""Fixtures for the real-browser suite: headless Chromium (Debian's), JupyterLab and Voila servers.

* The browser is the system Chromium (``apt-get install chromium``) or the binary named by the
  environment variable ``TEXT_TO_TENSORS_CHROMIUM``; Playwright's own browser download is not used.
  No browser: the tests are skipped with a message saying how to get one, except when ``CI`` is set,
  where a missing browser fails the run.
* ``lab_server``: JupyterLab on a free loopback port, with a random token, a private Jupyter home
  and a temporary copy of ``notebooks/`` as its root (the tests never touch the real notebooks).
* ``voila_server``: ``apps/`` served by Voila the way ``make app`` does (the index first), with the
  repository's own Voila template (``jupyter/``) ahead of any installed copy.
* The Chinese edition: ``voila_zh_server`` serves ``apps/zh/sliding_window_explorer.ipynb`` the same
  way; ``lab_zh_server`` is JupyterLab as ``make lab-zh`` starts it (on ``notebooks/zh``, with the
  translation setting of ``locale/zh_CN/jupyterlab`` as its only user setting besides the quiet ones).
* Failure artifacts are pytest-playwright's own: ``make test`` passes ``--screenshot only-on-failure
  --full-page-screenshot --tracing retain-on-failure --output test-artifacts``, so a failing test
  leaves a full-page screenshot and a trace (every action, DOM snapshot and console message: open it
  with ``.venv/bin/playwright show-trace <trace.zip>``) in ``test-artifacts/<test>/``. Pass the same
  options to a direct ``pytest tests/browser`` run to get them there. What the plugin cannot know, the
  log of the servers a failing test used, is added to its report here.

The network guard (root ``conftest.py``) is inherited by the servers and their kernels.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest
from ports import free_port

from .harness import ServerStartError, clean_env, jupyter_home, require_chromium, start_server
from .lab_pages import step

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
APPS = ROOT / "apps"
JUPYTER_SHARE = ROOT / "jupyter"  # the project's Jupyter settings and Voila template (installed by make)
APP_ZH = ROOT / "apps" / "zh" / "sliding_window_explorer.ipynb"
ZH_LAB_SETTING = ROOT / "locale" / "zh_CN" / "jupyterlab" / "translation.jupyterlab-settings"

# Headless, no sandbox (root in a container), and no background traffic (updates, sync, QUIC,
# crash reports), so the browser only ever talks to our loopback servers.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-breakpad",
]
SERVER_TIMEOUT = 60.0  # seconds for a server to answer: 3 s on an idle machine, 13 s seen under load


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    return require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium_executable: str,
                             tmp_path_factory: pytest.TempPathFactory) -> dict:
    """pytest-playwright's launch options (``--headed``, ``--slowmo``, ...) plus the system Chromium,
    our flags, and its config and cache folders (crash-report settings, ...) in a temporary folder,
    not in ~/.config."""
    headed = browser_type_launch_args.get("headless") is False
    args = [a for a in CHROMIUM_ARGS if not (headed and a == "--headless")]
    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    return {**browser_type_launch_args, "executable_path": chromium_executable, "args": args, "env": env}


# Playwright's sync API marks an asyncio loop as running in the main thread for as long as it is
# started, which breaks `asyncio.run` in any later test. pytest-playwright keeps it for the whole
# session; here it lives only while this package's tests run. So `playwright`, and the fixtures
# built on it, are overridden package-scoped; the plugin's context, page, screenshots and traces are
# used as they are. (Videos, `--video`, are not: the plugin's session-scoped browser_context_args,
# which sets them up, cannot be built on a package-scoped `playwright`.)


@pytest.fixture(scope="package")
def playwright():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name: str):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def browser(browser_type, browser_type_launch_args: dict):
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args() -> dict:
    return {"viewport": {"width": 1400, "height": 1000}}


@pytest.fixture
def page(page, output_path: str):
    """pytest-playwright's page with our time limits: 20 s per action, 20 s per expect(). (It asks for
    the plugin's ``output_path`` so that a failure report can name the folder of its artifacts.)"""
    from playwright.sync_api import expect

    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    return page


# --- servers (package-scoped: they stop when the browser tests are done, not at the end of the run) ---


@pytest.fixture(scope="package")
def browser_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="package")
def jupyter_env(browser_tmp: Path) -> dict[str, str]:
    """Environment for the servers: ours (network guard included) plus a private Jupyter home."""
    return clean_env(jupyter_home(browser_tmp / "home"))


@pytest.fixture(scope="package")
def notebook_root(browser_tmp: Path) -> Path:
    """A temporary copy of notebooks/ (the tests run and change it); data/ is linked next to it."""
    root = browser_tmp / "series"
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "data").symlink_to(ROOT / "data", target_is_directory=True)
    return root / "notebooks"


@pytest.fixture(scope="package")
def running_servers():
    """Every server these tests started; at the end all are signalled at once, then waited for (each
    takes seconds to shut its kernels down)."""
    servers = []
    yield servers
    with step(f"stop {len(servers)} server(s)"):
        for server in servers:
            server.process.terminate()
        for server in servers:
            server.stop()


def start_lab(root: Path, env: dict, log_path: Path, running_servers: list, *options: str):
    """JupyterLab on a free loopback port with a random token, serving ``root``."""
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--allow-root", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}", *options,
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        server = start_server(
            cmd, f"{base}/api/status?token={token}", base_url=base, token=token, env=env,
            cwd=root, log_path=log_path, timeout=SERVER_TIMEOUT,
        )  # fmt: skip
    except ServerStartError as err:
        pytest.fail(str(err), pytrace=False)
    running_servers.append(server)
    return server


def start_voila(app: Path, env: dict, log_path: Path, running_servers: list):
    """The classroom apps as `make app` serves them: Voila on ``app`` (the apps/ folder, or one app)
    with the project's template, loopback only. JUPYTER_PATH puts the repository's jupyter/ first, so
    the template under test is the one in the working tree, not a copy `make` installed earlier."""
    if not app.exists():
        pytest.fail(f"{app.relative_to(ROOT)} is missing: build the Chinese edition (`make zh`)",
                    pytrace=False)
    port = free_port()
    cmd = [
        sys.executable, "-m", "voila", str(app), "--template=text-to-tensors",
        "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        # Voila has no status endpoint, and "/" runs the notebook: any answer from a static path will do.
        server = start_server(
            cmd, f"{base}/voila/static/ready-check", base_url=base,
            env={**env, "JUPYTER_PATH": str(JUPYTER_SHARE)}, cwd=app if app.is_dir() else app.parent,
            log_path=log_path, timeout=SERVER_TIMEOUT, expect_status=None,
        )  # fmt: skip
    except ServerStartError as err:
        pytest.fail(str(err), pytrace=False)
    running_servers.append(server)
    return server


@pytest.fixture(scope="package")
def lab_server(chromium_executable, notebook_root: Path, jupyter_env: dict, browser_tmp: Path,
               running_servers: list):
    """JupyterLab on a free loopback port with a random token, serving the copy of notebooks/."""
    return start_lab(notebook_root, jupyter_env, browser_tmp / "jupyterlab.log", running_servers)


@pytest.fixture(scope="package")
def lab_zh_server(chromium_executable, notebook_root: Path, jupyter_env: dict, browser_tmp: Path,
                  running_servers: list):
    """JupyterLab as `make lab-zh` starts it: on the copy of notebooks/zh, its user settings in a folder
    of their own holding the translation extension's setting from locale/zh_CN/jupyterlab."""
    settings = browser_tmp / "lab-zh-settings"
    shutil.copytree(jupyter_env["JUPYTERLAB_SETTINGS_DIR"], settings)
    target = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ZH_LAB_SETTING, target)
    (notebook_root / "zh").mkdir(exist_ok=True)  # the menus are Chinese whether or not the edition is built
    return start_lab(notebook_root / "zh", jupyter_env, browser_tmp / "jupyterlab-zh.log", running_servers,
                     f"--LabApp.user_settings_dir={settings}")


@pytest.fixture(scope="package")
def voila_server(chromium_executable, jupyter_env: dict, browser_tmp: Path, running_servers: list):
    """The classroom apps as `make app` serves them: Voila on apps/, the index first."""
    return start_voila(APPS, jupyter_env, browser_tmp / "voila.log", running_servers)


@pytest.fixture(scope="package")
def voila_zh_server(chromium_executable, jupyter_env: dict, browser_tmp: Path, running_servers: list):
    """The Chinese edition's classroom app, served as `make app` serves the English one."""
    return start_voila(APP_ZH, jupyter_env, browser_tmp / "voila-zh.log", running_servers)


# --- on failure: the log of the servers the test used (the plugin keeps the screenshot and trace) ---


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed and call.when == "call":
        kept = [name for name in ("--screenshot", "--tracing") if item.config.getoption(name) != "off"]
        if kept and "output_path" in item.funcargs:
            folder = item.funcargs["output_path"]
            report.sections.append(("browser artifacts", f"kept by {' and '.join(kept)} in {folder}"))
        for name in ("lab_server", "voila_server", "lab_zh_server", "voila_zh_server"):
            server = item.funcargs.get(name)
            if server is not None:
                report.sections.append((f"{name} log, last lines ({server.log_path})", server.log_tail()))
    return report
