"""The project describes itself truthfully: README commands, CI entry point, pins, installation."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.export import images
from dashboard.server import debian_packages

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
# Run through `python -m` by the Makefile but not installed from a lock: the venv's own pip.
UNLOCKED_TOOLS = {"pip"}


def _installed(name: str) -> importlib.metadata.Distribution:
    """The distribution ``name`` as an installer put it in the venv.

    A wheel built from the checkout leaves ``visit_dashboard.egg-info/`` beside the code, and
    the checkout is first on ``sys.path`` under ``python -m pytest``: a plain
    ``importlib.metadata.distribution`` would read that leftover instead. Only an installer writes
    an ``INSTALLER`` file, so that is what tells the installed copy apart.
    """
    found = [
        dist
        for dist in importlib.metadata.distributions(name=name)
        if dist.read_text("INSTALLER") is not None
    ]
    assert found, f"{name} is not installed in {sys.prefix}"
    return found[0]


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in first_block.splitlines() if line.strip()]


def _name(requirement: str) -> str:
    """A requirement's project name, normalised the way package indexes compare names."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, f"no project name in {requirement!r}"
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def _pins(lock: Path) -> dict[str, str]:
    """Each ``name==version`` in a lock, by normalised name."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"([A-Za-z0-9._-]+)==(\S+)", line):
            pins[_name(match.group(1))] = match.group(2)
    return pins


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


def test_every_runtime_dependency_is_pinned() -> None:
    """Each runtime dependency and the build backend have an exact pin in requirements.lock."""
    wanted = PYPROJECT["project"]["dependencies"] + PYPROJECT["build-system"]["requires"]
    assert {_name(r) for r in wanted} <= set(_pins(RUNTIME_LOCK))


def test_every_dependency_group_is_pinned_in_agreement_with_the_runtime_lock() -> None:
    """Each dependency group's members are pinned in requirements-dev.lock, and a package in both
    locks has one version."""
    runtime, dev = _pins(RUNTIME_LOCK), _pins(DEV_LOCK)
    for group, members in PYPROJECT["dependency-groups"].items():
        assert {_name(m) for m in members} <= set(dev), f"group {group} is not all pinned"
    assert {name: dev[name] for name in runtime.keys() & dev.keys()} == {
        name: runtime[name] for name in runtime.keys() & dev.keys()
    }


def test_every_tool_the_makefile_runs_is_pinned() -> None:
    """Each module the Makefile runs with ``$(PY) -m`` is this checkout's own or a locked package."""
    modules = set(re.findall(r"\$\(PY\) -m ([\w.]+)", (ROOT / "Makefile").read_text("utf-8")))
    assert {"ruff", "mypy", "pytest", "uv"} <= modules
    pins = _pins(RUNTIME_LOCK) | _pins(DEV_LOCK)
    distributions = importlib.metadata.packages_distributions()
    for module in modules - UNLOCKED_TOOLS:
        if (ROOT / module).is_dir():
            continue
        providers = {_name(d) for d in distributions.get(module, [])}
        assert providers & pins.keys(), f"the Makefile runs {module}, which no lock pins"


def test_the_makefile_installs_the_one_list_of_debian_packages() -> None:
    """make's system-deps step installs exactly debian-packages.txt, which names nginx too."""
    packages = debian_packages()
    assert {"chromium", "fonts-noto-core", "nginx"} <= set(packages)
    recipe = subprocess.run(
        ["make", "--dry-run", "system-deps"],  # noqa: S607 - make from PATH, as the README runs it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"--no-install-recommends {' '.join(packages)};" in recipe


def test_the_image_hint_names_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the browser, the image export says to install the Makefile's list of packages."""
    monkeypatch.setattr(images, "CHROMIUM", str(ROOT / "no-such-chromium"))
    images.missing_requirements.cache_clear()
    try:
        reason = images.missing_requirements()
    finally:
        images.missing_requirements.cache_clear()
    assert reason is not None
    assert "no-such-chromium" in reason
    assert reason.endswith(f"--no-install-recommends {' '.join(debian_packages())}`")


def test_the_package_is_installed_editable_from_this_checkout(tmp_path: Path) -> None:
    """The venv holds visit-dashboard as an editable install of this checkout, so a Python
    started elsewhere imports these very files."""
    distribution = _installed("visit-dashboard")
    origin = json.loads(distribution.read_text("direct_url.json") or "{}")
    assert origin == {"dir_info": {"editable": True}, "url": ROOT.as_uri()}
    outside = subprocess.run(
        [sys.executable, "-c", "import dashboard; print(dashboard.__file__)"],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(outside.stdout.strip()) == ROOT / "dashboard" / "__init__.py"


def test_the_installed_command_validates_the_shipped_log(tmp_path: Path) -> None:
    """The ``visit-dashboard`` command that the install put beside the venv's Python validates
    the shipped log, from any folder."""
    (entry_point,) = _installed("visit-dashboard").entry_points
    assert (entry_point.name, entry_point.value) == ("visit-dashboard", "dashboard.cli:main")
    command = Path(sys.executable).parent / entry_point.name
    result = subprocess.run(
        [command, "validate"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "events.yaml: valid" in result.stdout


def test_the_readme_layout_names_every_module() -> None:
    """Each module of the package and each top-level folder has a row in the README's layout."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    modules = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "dashboard").glob("*.py")
        if p.name not in {"__init__.py", "__main__.py"}
    ]
    folders = ["dashboard/charts/", "dashboard/export/", "bench/", "deploy/", "scripts/", "tests/"]
    missing = [path for path in [*modules, *folders] if f"`{path}`" not in table]
    assert not missing, missing


def test_a_builds_leftover_metadata_does_not_stand_for_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An egg-info folder first on sys.path, as ``pip wheel .`` leaves one in the checkout,
    shadows ``importlib.metadata`` but not the checks above, which read the installed copy."""
    leftover = tmp_path / "visit_dashboard.egg-info"
    leftover.mkdir()
    leftover.joinpath("PKG-INFO").write_text(
        "Metadata-Version: 2.1\nName: visit-dashboard\nVersion: 0.0.0\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert importlib.metadata.distribution("visit-dashboard").version == "0.0.0"
    installed = _installed("visit-dashboard")
    assert installed.version == PYPROJECT["project"]["version"]
    assert installed.read_text("direct_url.json") is not None
