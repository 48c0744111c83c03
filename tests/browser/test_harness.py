"""Unit tests of the browser suite's own plumbing (no browser needed; about a second)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from ports import free_port

from . import harness
from .harness import ServerStartError, jupyter_home, log_tail, start_server


def test_free_port_can_be_bound_on_loopback():
    port = free_port()
    assert 1024 <= port <= 65535
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_a_server_that_exits_gives_its_exit_code_and_log_tail(tmp_path):
    script = "import sys\nfor i in range(40): print('line', i)\nsys.exit('cannot bind: port in use')"
    cmd = [sys.executable, "-c", script]
    with pytest.raises(ServerStartError) as caught:
        start_server(cmd, f"http://127.0.0.1:{free_port()}/", base_url="", log_path=tmp_path / "s.log")
    message = str(caught.value)
    assert "exited with code 1" in message
    assert "cannot bind: port in use" in message and "line 39" in message
    assert "line 10" not in message  # only the tail, not the whole log
    assert str(tmp_path / "s.log") in message


def test_a_server_that_never_answers_is_stopped_and_its_log_shown(tmp_path):
    port = free_port()
    script = "import time; print('still warming up', flush=True); time.sleep(120)"
    token = "s3cret-token"
    cmd = [sys.executable, "-c", script, f"--token={token}"]
    with pytest.raises(ServerStartError) as caught:
        start_server(cmd, f"http://127.0.0.1:{port}/api/status?token={token}", base_url="", token=token,
                     log_path=tmp_path / "s.log", timeout=1.5)
    message = str(caught.value)
    assert "did not answer" in message and "within 2 s" in message and "stopped it" in message
    assert "still warming up" in message
    assert token not in message and "<token>" in message  # the token is not printed


def http_server(port: int, folder: Path) -> list[str]:
    return [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]


def test_a_server_that_answers_is_returned_and_stops(tmp_path):
    port = free_port()
    (tmp_path / "ok.txt").write_text("ok")
    cmd = http_server(port, tmp_path)
    server = start_server(cmd, f"http://127.0.0.1:{port}/ok.txt", base_url=f"http://127.0.0.1:{port}",
                          log_path=tmp_path / "logs" / "http.log", timeout=30)
    try:
        assert server.process.poll() is None
    finally:
        server.stop()
    assert server.process.poll() is not None


def test_a_command_that_cannot_start_is_a_clear_error(tmp_path):
    with pytest.raises(ServerStartError, match="could not start '/no/such/jupyter'"):
        start_server(["/no/such/jupyter"], "http://127.0.0.1:1/", base_url="", log_path=tmp_path / "s.log")


def test_an_http_error_status_is_not_ready_unless_any_answer_will_do(tmp_path):
    port = free_port()
    cmd = http_server(port, tmp_path)
    missing = f"http://127.0.0.1:{port}/missing"
    with pytest.raises(ServerStartError, match="did not answer"):  # 404 is not the 200 asked for
        start_server(cmd, missing, base_url="", log_path=tmp_path / "a.log", timeout=1)
    server = start_server(cmd, missing, base_url="", log_path=tmp_path / "b.log", expect_status=None)
    server.stop()


def test_log_tail_of_missing_and_empty_logs(tmp_path):
    assert log_tail(tmp_path / "none.log") == "(no log file)"
    (tmp_path / "empty.log").write_text("")
    assert log_tail(tmp_path / "empty.log") == "(empty log)"


def test_jupyter_home_is_private_and_quiet(tmp_path):
    env = jupyter_home(tmp_path)
    assert set(env) == set(harness.JUPYTER_DIRS)
    assert all(Path(path).is_dir() and Path(path).is_relative_to(tmp_path) for path in env.values())
    notifications = "@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    settings = json.loads((Path(env["JUPYTERLAB_SETTINGS_DIR"]) / notifications).read_text())
    assert settings["fetchNews"] == "false"
    page_config = json.loads((Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig" / "page_config.json").read_text())
    assert page_config["buildCheck"] is False


def test_jupyter_uses_the_private_home(tmp_path):
    """Jupyter itself looks first in the folders jupyter_home made (not in ~/.jupyter)."""
    env = {**harness.clean_env(jupyter_home(tmp_path))}
    out = subprocess.run([sys.executable, "-m", "jupyter", "--paths", "--json"], env=env, capture_output=True,
                         text=True, check=True).stdout
    paths = json.loads(out)
    assert env["JUPYTER_CONFIG_DIR"] in paths["config"] and env["JUPYTER_DATA_DIR"] in paths["data"]
    assert paths["runtime"] == [env["JUPYTER_RUNTIME_DIR"]]
    assert str(Path.home() / ".jupyter") not in paths["config"]


def test_missing_chromium_skips_on_a_laptop_with_how_to_enable(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH
    monkeypatch.delenv(harness.CHROMIUM_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as caught:
        harness.require_chromium()
    message = str(caught.value)
    assert "apt-get install chromium" in message and harness.CHROMIUM_ENV in message


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_missing_chromium_fails_in_ci(monkeypatch, tmp_path, ci):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(harness.CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI is set, so browser tests must run"):
        harness.require_chromium()


def test_ci_set_to_false_still_skips(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(harness.CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        harness.require_chromium()


def test_chromium_named_by_the_environment_variable(monkeypatch, tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv(harness.CHROMIUM_ENV, str(fake))
    assert harness.find_chromium() == (str(fake), "")
    monkeypatch.setenv(harness.CHROMIUM_ENV, str(tmp_path / "missing"))
    path, reason = harness.find_chromium()
    assert path is None and "is not an executable file" in reason
