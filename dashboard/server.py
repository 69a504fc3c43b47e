"""Serve a local instance of the dashboard, and name the browser and packages it needs.

This is the public helper for whatever needs the dashboard running on this machine: the browser
tests, scripts/screenshot.py, scripts/load_test.py and the benchmark. ``serve()`` starts
``streamlit run`` on a free loopback port, waits for its health check and stops it by its PID;
``server_log()`` reads what it printed, and ``streamlit_command()`` is the command line itself, for
a caller that manages its own processes; ``running()`` starts and stops any such command, and
``listening_addresses()`` says on which interfaces a port is open. ``CHROMIUM`` is the one place
the browser is found: every browser here launches it with ``CHROMIUM_ARGS``, and the image export
checks for it.
``debian_packages()`` lists what ``make`` installs for all of this.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where Debian's chromium package (debian-packages.txt) puts the browser; nothing here searches PATH.
CHROMIUM = "/usr/bin/chromium"
# Flags for a root, offline, headless Chromium: without the networking ones it keeps trying
# to reach Google's hosts through this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def debian_packages() -> tuple[str, ...]:
    """The Debian packages in debian-packages.txt, the one list that the Makefile installs."""
    text = files("dashboard").joinpath("debian-packages.txt").read_text(encoding="utf-8")
    return tuple(
        package for line in text.splitlines() if (package := line.split("#", 1)[0].strip())
    )


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def streamlit_command(
    port: int, script: str = "streamlit_app.py", args: Sequence[str] = ()
) -> list[str]:
    """``streamlit run script`` on ``127.0.0.1:port``: headless, no usage statistics, no file
    watcher, with ``args`` for the script itself (after ``--``)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
    ]
    return [*command, "--", *args] if args else command


@contextmanager
def serve(
    script: str = "streamlit_app.py",
    args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    timeout: float = 90,
) -> Iterator[str]:
    """Run ``streamlit run script`` on a free loopback port; yield its URL; stop it by its PID.

    Args:
        script: The page script, relative to the project root.
        args: Arguments for the script itself (after ``--``).
        env: Extra environment variables.
        timeout: Seconds to wait for the health endpoint.
    """
    port = free_port()
    log = (ROOT / ".cache").joinpath(f"streamlit-{port}.log")
    log.parent.mkdir(exist_ok=True)
    command = streamlit_command(port, script, args)
    with running(command, port, cwd=ROOT, log=log, env=env, timeout=timeout) as url:
        yield url


@contextmanager
def running(
    command: Sequence[str],
    port: int,
    cwd: Path,
    log: Path,
    env: dict[str, str] | None = None,
    timeout: float = 90,
) -> Iterator[str]:
    """Start ``command``, a Streamlit server that will listen on ``port``, in ``cwd``; yield
    ``http://127.0.0.1:port`` once its health check answers; stop its process group at the end.

    Args:
        command: The server's command line; any that serves Streamlit's health endpoint.
        port: The port it was told to listen on.
        cwd: Its working folder.
        log: Where its stdout and stderr go.
        env: Extra environment variables.
        timeout: Seconds to wait for the health endpoint.
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    health = f"{url}/_stcore/health"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"the server exited early:\n{log.read_text(errors='replace')[-2000:]}"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310 - http, built here
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server did not become healthy in {timeout:.0f} s")
            time.sleep(0.3)
        yield url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)


def listening_addresses(port: int) -> set[str]:
    """The local addresses on which something listens on TCP ``port``, from Linux's
    /proc/net/tcp and tcp6: ``127.0.0.1`` for loopback only, ``0.0.0.0`` or ``::`` for every
    interface."""
    found = set()
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except FileNotFoundError:  # no IPv6 on this machine
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A: TCP_LISTEN
                continue
            # The kernel writes each 32-bit word of the address in host (little-endian) order.
            raw = b"".join(
                bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, len(address), 8)
            )
            found.add(socket.inet_ntop(socket.AF_INET if size == 4 else socket.AF_INET6, raw))
    return found


def server_log(url: str) -> str:
    """What the server at ``url`` printed so far (its stdout and stderr)."""
    port = url.rsplit(":", 1)[1]
    return (ROOT / ".cache" / f"streamlit-{port}.log").read_text(errors="replace")
