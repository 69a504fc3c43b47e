"""The command line reads as plain text, with examples and exit codes, and takes ids in any case."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import cli

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["validate", "export", "run"]


def _help(*words: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as leaving:
        cli.main([*words, "--help"])
    assert leaving.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_plain_text_with_examples_and_exit_codes(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each --help shows runnable examples and the exit codes, without reStructuredText markup."""
    text = _help(*filter(None, [command]), capsys=capsys)
    assert "``" not in text
    assert not re.search(r":(func|mod|class):", text)
    assert "examples:" in text
    assert "exit codes: 0" in text or "exit codes: 1" in text
    examples = text.split("examples:", 1)[1].split("exit codes:", 1)[0]
    shown = re.findall(r"^    (\S.*)$", examples, flags=re.MULTILINE)
    assert shown, "no example command lines"
    assert all(line.split()[:1] == ["visit-dashboard"] for line in shown)
    assert all(line.split()[1] in COMMANDS for line in shown)
    if command:
        assert all(command in line.split() for line in shown)


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The first screen names each command, so none is found only by reading the code."""
    text = _help(capsys=capsys)
    for command in COMMANDS:
        assert re.search(rf"^    {command}\s+\S", text, flags=re.MULTILINE), command


@pytest.mark.parametrize(
    "names",
    [("--participant", "--count-by"), ("--who", "--count")],
    ids=["names", "older names"],
)
def test_export_takes_ids_and_choices_in_any_case(tmp_path: Path, names: tuple[str, str]) -> None:
    """``--topic SYRIA --participant Lavrov --format VIRTUAL --lang HI`` filter as their lower-case
    ids, under the link's names; the flags' older names (``--who``, ``--count``) still work."""
    participant, count_by = names
    result = subprocess.run(
        [
            *(sys.executable, "-m", "dashboard", "export", "--out", str(tmp_path)),
            *("--types", "HTML", "--topic", "SYRIA", participant, "Lavrov"),
            *("--format", "VIRTUAL", "--lang", "HI", count_by, "Events"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"] == {
        "lang": ["hi"],
        "topic": ["syria"],
        "participant": ["lavrov"],
        "format": ["virtual"],
        "count_by": ["events"],
    }
    assert (tmp_path / "report.html").is_file()


def test_an_unknown_id_is_still_named_as_typed(tmp_path: Path) -> None:
    """An id the log lacks is refused with exit 2 and named as the user typed it."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--out", str(tmp_path), "--topic", "Mars"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "Mars" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("shown", [True, False])
def test_export_says_what_it_does_at_once_and_shows_progress_on_request(
    tmp_path: Path, shown: bool
) -> None:
    """Export names its log and folder before the slow work, and --progress draws a bar on
    stderr even when it is not a terminal (--no-progress, none)."""
    flag = "--progress" if shown else "--no-progress"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "dashboard", "export", "--out", str(tmp_path)),
            "--types",
            "html",
            flag,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"exporting {ROOT / 'data' / 'events.yaml'} to {tmp_path}")
    assert ("export: 100%|" in result.stderr) is shown
