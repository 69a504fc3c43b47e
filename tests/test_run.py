"""``visit-dashboard run``: the command it starts, its refusals, and a real server on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard import cli, project
from dashboard.server import free_port, listening_addresses, running

ROOT = Path(__file__).resolve().parents[1]


class _Exec(Exception):
    """Raised by the stand-in for os.execv, carrying the command it was given."""


def _command_of(monkeypatch: pytest.MonkeyPatch, *argv: str) -> list[str]:
    """The command ``cli.main(argv)`` would hand over the process to, without running it."""

    def fake_execv(path: str, command: list[str]) -> None:
        raise _Exec(command)

    monkeypatch.setattr(cli.os, "execv", fake_execv)
    with pytest.raises(_Exec) as handed_over:
        cli.main(list(argv))
    command: list[str] = handed_over.value.args[0]
    return command


def _option(command: list[str], name: str) -> str:
    """The value that follows the last ``name`` in ``command``, as Streamlit reads repeated flags."""
    at = len(command) - 1 - command[::-1].index(name)
    return command[at + 1]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_run_serves_the_packaged_page_on_loopback_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no options, run starts the package's page script on 127.0.0.1:8501 with the
    shipped log, given as an absolute path."""
    command = _command_of(monkeypatch, "run")
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(project.PAGE_SCRIPT)]
    assert _option(command, "--server.address") == "127.0.0.1"
    assert _option(command, "--server.port") == "8501"
    assert command[-3:] == ["--", "--data", str(project.DEFAULT_LOG)]


def test_run_passes_what_follows_the_double_dash_to_streamlit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Options after ``--`` reach ``streamlit run`` after ours, so they win; a relative LOG is
    made absolute; --address and --port are honoured."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    port = str(free_port())
    command = _command_of(
        monkeypatch,
        *("run", "data/events.yaml", "--port", port, "--address", "127.0.0.2"),
        *("--", "--server.port", "9999", "--theme.base", "dark"),
    )
    assert _option(command, "--server.address") == "127.0.0.2"
    assert _option(command, "--server.port") == "9999"
    assert command.index("--theme.base") < command.index("--")
    assert command[-2:] == ["--data", str(tmp_path / "data" / "events.yaml")]


def test_run_refuses_a_missing_log_with_exit_1(tmp_path: Path) -> None:
    """A LOG that does not exist is told at once, with exit 1 and no traceback."""
    result = _cli("run", "nope.yaml", "--port", str(free_port()), cwd=tmp_path)
    assert result.returncode == 1
    assert "no file at nope.yaml" in result.stderr
    assert "the dashboard was not started" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_refuses_a_port_in_use_with_exit_2(tmp_path: Path) -> None:
    """A port something already listens on is refused before Streamlit starts (exit 2)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _cli("run", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert "--port" in result.stderr


def _non_loopback_address() -> str | None:
    """This machine's address on its default route, if it has one (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_run_serves_a_relative_log_from_any_folder_on_loopback_only(tmp_path: Path) -> None:
    """Started from an unrelated folder on a relative LOG path, run serves the page on
    127.0.0.1 and on no other interface."""
    shutil.copytree(ROOT / "data", tmp_path / "visit")
    port = free_port()
    command = [
        *(sys.executable, "-m", "dashboard", "run", "visit/events.yaml", "--port", str(port)),
        *("--", "--server.headless", "true", "--server.fileWatcherType", "none"),
    ]
    log = tmp_path / "server.log"
    env = {"PYTHONPATH": str(ROOT), "VISIT_CACHE": "off"}
    with running(command, port, cwd=tmp_path, log=log, env=env) as url:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our loopback URL
            assert response.status == 200
            assert b"<title>" in response.read()
        assert listening_addresses(port) == {"127.0.0.1"}
        outside = _non_loopback_address()
        if outside is not None:
            with socket.socket() as client, pytest.raises(ConnectionRefusedError):
                client.connect((outside, port))
    printed = log.read_text(errors="replace")
    assert f"serving visit/events.yaml on http://127.0.0.1:{port}" in printed
