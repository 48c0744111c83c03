"""The suite runs offline: outbound connections fail loudly here and in every child process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request

import network_guard
import pytest

PUBLIC = ("93.184.215.14", 80)


def test_outbound_connection_fails_loudly():
    with pytest.raises(network_guard.NetworkBlocked, match="93.184.215.14"):
        socket.create_connection(PUBLIC, timeout=1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as raw:
        with pytest.raises(network_guard.NetworkBlocked, match="93.184.215.14:80"):
            raw.connect(PUBLIC)
        with pytest.raises(network_guard.NetworkBlocked):
            raw.connect_ex(PUBLIC)


def test_dns_lookup_of_a_remote_host_fails_loudly():
    with pytest.raises(network_guard.NetworkBlocked, match="pypi.org"):
        socket.getaddrinfo("pypi.org", 443)


def test_urllib_download_fails_loudly():
    with pytest.raises(OSError, match="network access blocked"):
        urllib.request.urlopen("https://example.com", timeout=1)


def test_loopback_still_works():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    conn, _ = server.accept()
    client.sendall(b"ping")
    assert conn.recv(4) == b"ping"
    for s in (client, conn, server):
        s.close()
    assert socket.getaddrinfo("localhost", 80)


def test_child_processes_are_offline_too():
    """Jupyter kernels and workers inherit the guard through tests/offline/sitecustomize.py."""
    code = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('93.184.215.14', 80), timeout=1)\n"
        "except OSError as err:\n"
        "    print(type(err).__name__, err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ), timeout=60)
    assert out.stdout.startswith("NetworkBlocked network access blocked"), out.stdout + out.stderr
