"""``visit-dashboard edit LOG``: the server it starts and what it refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.load import DEFAULT_LOG
from dashboard.server import free_port


class _Exec(Exception):
    """Raised by the stand-in for os.execv, carrying the command it was given."""


def _command_of(monkeypatch: pytest.MonkeyPatch, *argv: str) -> list[str]:
    def fake_execv(path: str, command: list[str]) -> None:
        raise _Exec(command)

    monkeypatch.setattr(cli.os, "execv", fake_execv)
    with pytest.raises(_Exec) as handed_over:
        cli.main(list(argv))
    command: list[str] = handed_over.value.args[0]
    return command


def test_edit_serves_the_page_allowed_to_save(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """edit starts the app on the log, given absolute, lets its page save, and prints /edit."""
    log = tmp_path / "events.yaml"
    shutil.copy(DEFAULT_LOG, log)
    port = str(free_port())
    command = _command_of(monkeypatch, "edit", str(log), "--port", port)
    script_args = command[command.index("--") + 1 :]
    assert script_args == ["--data", str(log.resolve()), "--save"]
    assert f"http://127.0.0.1:{port}/edit" in capsys.readouterr().out


def test_edit_refuses_a_missing_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A log that is not there is named, with exit 1 and no server."""
    assert cli.main(["edit", str(tmp_path / "nothing.yaml")]) == 1
    assert "no file there" in capsys.readouterr().err
