"""Make every outbound network connection fail loudly; loopback and Unix sockets still work.

The test suite must pass with no network. ``install()`` patches ``socket`` so that a connection to
any address outside 127.0.0.0/8 and ::1 (and any DNS lookup of another host) raises
``NetworkBlocked`` at once, naming the host, instead of hanging or silently succeeding. The
conftest installs it in the pytest process, and ``tests/offline/sitecustomize.py`` installs it in
every Python process the tests start (Jupyter kernels for nbval, worker processes, ...).

Why not pytest-socket: it guards only the pytest process, and only while each test runs (it is set
up per test item and removed at teardown, so session fixtures, and items without fixtures such as
nbval's, are outside it). Kernels and subprocesses need this module anyway, through
``sitecustomize``; one guard, with one message, serves them all.
"""

from __future__ import annotations

import ipaddress
import socket

ENV_FLAG = "TEXT_TO_TENSORS_BLOCK_NETWORK"
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


class NetworkBlocked(OSError):
    """Raised for any non-loopback connection while the test suite runs."""


def _is_loopback(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _refuse(what: str) -> NetworkBlocked:
    return NetworkBlocked(
        f"network access blocked: {what}. The test suite runs offline; only loopback is allowed "
        f"(tests/network_guard.py)."
    )


def install() -> None:
    if getattr(socket, "_t2t_guard", False):
        return
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def _check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise _refuse(f"connection to {address[0]}:{address[1]}")

    def connect(self, address):
        _check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            raise _refuse(f"name lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    socket._t2t_guard = True
