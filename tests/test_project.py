"""The project describes itself truthfully: README commands, CI entry point, pins."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in first_block.splitlines() if line.strip()]


def test_readme_opens_with_a_run_and_a_test_command() -> None:
    """The README's first code block holds exactly two commands: run the dashboard, run the tests."""
    assert _readme_commands() == ["make run", "make test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    """.ci/run calls the README's test command verbatim, so CI tests what a newcomer runs."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert _readme_commands()[1] in commands


def test_every_dependency_is_pinned() -> None:
    """Each runtime dependency in pyproject.toml has an exact pin in requirements.lock."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = pyproject.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = re.findall(r'"([A-Za-z0-9_.-]+)', block)
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    assert names, "no dependencies found"
    assert {n.lower().replace("_", "-") for n in names} <= pins
