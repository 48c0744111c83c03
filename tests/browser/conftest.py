"""Fixtures for the real-browser suite: headless Chromium (Debian's), JupyterLab and Voila servers.

* The browser is the system Chromium (``apt-get install chromium``) or the binary named by the
  environment variable ``TEXT_TO_TENSORS_CHROMIUM``; Playwright's own browser download is not used.
  No browser: the tests are skipped with a message saying how to get one, except when ``CI`` is set,
  where a missing browser fails the run.
* ``lab_server``: JupyterLab on a free loopback port, with a random token, a private Jupyter home
  and a temporary copy of ``notebooks/`` as its root (the tests never touch the real notebooks).
* ``voila_server``: ``apps/sliding_window_explorer.ipynb`` served by Voila the way ``make app`` does.
* A failing test saves a screenshot, the page's HTML and the server log under ``test-artifacts/``
  and names the folder in its failure report.

The network guard (root ``conftest.py``) is inherited by the servers and their kernels.
"""

from __future__ import annotations

import os
import re
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
APP_NOTEBOOK = ROOT / "apps" / "sliding_window_explorer.ipynb"
ARTIFACTS = ROOT / "test-artifacts"

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
def browser_type_launch_args(chromium_executable: str, pytestconfig: pytest.Config,
                             tmp_path_factory: pytest.TempPathFactory) -> dict:
    """pytest-playwright's launch options: the system Chromium, headless unless --headed, with its
    config and cache folders (crash-report settings, ...) in a temporary folder, not in ~/.config."""
    headed = pytestconfig.getoption("--headed")
    args = [a for a in CHROMIUM_ARGS if not (headed and a == "--headless")]
    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    return {"executable_path": chromium_executable, "headless": not headed, "args": args, "env": env}


# Playwright's sync API marks an asyncio loop as running in the main thread for as long as it is
# started, which breaks `asyncio.run` in any later test. pytest-playwright keeps it for the whole
# session; here it lives only while this package's tests run (these overrides are package-scoped).


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
def launch_browser(browser_type_launch_args: dict, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args() -> dict:
    return {"viewport": {"width": 1400, "height": 1000}}


@pytest.fixture
def page(page):
    """pytest-playwright's page with our time limits: 20 s per action, 20 s per expect()."""
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


@pytest.fixture(scope="package")
def lab_server(chromium_executable, notebook_root: Path, jupyter_env: dict, browser_tmp: Path,
               running_servers: list):
    """JupyterLab on a free loopback port with a random token, serving the copy of notebooks/."""
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--allow-root", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={notebook_root}",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        server = start_server(
            cmd, f"{base}/api/status?token={token}", base_url=base, token=token, env=jupyter_env,
            cwd=notebook_root, log_path=browser_tmp / "jupyterlab.log", timeout=SERVER_TIMEOUT,
        )  # fmt: skip
    except ServerStartError as err:
        pytest.fail(str(err), pytrace=False)
    running_servers.append(server)
    return server


@pytest.fixture(scope="package")
def voila_server(chromium_executable, jupyter_env: dict, browser_tmp: Path, running_servers: list):
    """The classroom app as `make app` serves it: Voila on the app notebook, loopback only."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "voila", str(APP_NOTEBOOK),
        "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        # Voila has no status endpoint, and "/" runs the notebook: any answer from a static path will do.
        server = start_server(
            cmd, f"{base}/voila/static/ready-check", base_url=base, env=jupyter_env, cwd=APP_NOTEBOOK.parent,
            log_path=browser_tmp / "voila.log", timeout=SERVER_TIMEOUT, expect_status=None,
        )  # fmt: skip
    except ServerStartError as err:
        pytest.fail(str(err), pytrace=False)
    running_servers.append(server)
    return server


# --- artifacts on failure ---


def _slug(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid).strip("-")[:150]


def save_artifacts(item: pytest.Item) -> list[str]:
    """Screenshot + HTML of the test's page and the logs of the servers it used; return the paths."""
    folder = ARTIFACTS / _slug(item.nodeid)
    shutil.rmtree(folder, ignore_errors=True)  # only this failure's files, none from an earlier run
    folder.mkdir(parents=True)
    saved, problems = [], []
    page = item.funcargs.get("page")
    if page is not None and not page.is_closed():
        try:
            page.screenshot(path=str(folder / "screenshot.png"), full_page=True, timeout=10_000)
            saved.append(str(folder / "screenshot.png"))
        except Exception as err:  # the report must still come out
            problems.append(f"screenshot failed: {err}")
        try:
            (folder / "page.html").write_text(page.content())
            saved.append(str(folder / "page.html"))
        except Exception as err:
            problems.append(f"page HTML failed: {err}")
    for name in ("lab_server", "voila_server"):
        server = item.funcargs.get(name)
        if server is not None and server.log_path.exists():
            target = folder / server.log_path.name
            shutil.copyfile(server.log_path, target)
            saved.append(str(target))
    return saved + problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed and call.when == "call" and "page" in item.funcargs:
        lines = save_artifacts(item)
        text = "Saved for this failure:\n" + "\n".join(f"  {line}" for line in lines)
        if hasattr(report.longrepr, "addsection"):
            report.longrepr.addsection("browser artifacts (test-artifacts/)", text)
        else:
            report.sections.append(("browser artifacts (test-artifacts/)", text))
    return report
