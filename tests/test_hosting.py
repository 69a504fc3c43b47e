"""The hosting files agree with the locks and the Debian list: requirements.txt, packages.txt,
the Dockerfile, and the packages the wheel carries."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from dashboard.server import debian_packages

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Debian packages only `make serve` needs: a host serving one Streamlit process has no nginx.
SERVE_ONLY = {"nginx"}


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "requirements.py"), "--check", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def _pins(text: str) -> dict[str, str]:
    return {
        re.sub(r"[-_.]+", "-", name).lower(): version
        for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, flags=re.MULTILINE)
    }


def test_requirements_txt_is_what_the_lock_gives() -> None:
    """requirements.txt is exactly what `make requirements` writes from requirements.lock."""
    result = _check(ROOT)
    assert result.returncode == 0, result.stderr


def test_the_requirements_check_catches_a_lock_that_moved(tmp_path: Path) -> None:
    """After a pin changes in the lock, the check fails and says how to fix it."""
    for name in ("pyproject.toml", "requirements.lock", "requirements.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        re.sub(r"^streamlit==\S+", "streamlit==1.0.0", lock.read_text("utf-8"), flags=re.M),
        encoding="utf-8",
    )
    result = _check(tmp_path)
    assert result.returncode == 1
    assert "make requirements" in result.stderr


def test_requirements_txt_pins_the_runtime_set_with_hashes_and_no_build_backend() -> None:
    """Every pin of requirements.lock but the build backend, at the same version, each hashed."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    lock = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    build = {re.sub(r"[<>=!~ ].*", "", r) for r in PYPROJECT["build-system"]["requires"]}
    assert _pins(text) == {name: version for name, version in lock.items() if name not in build}
    assert {"streamlit", "plotly", "pandas", "kaleido"} <= _pins(text).keys()
    pins = re.findall(r"^[A-Za-z0-9._-]+==\S+ \\\n    --hash=sha256:", text, flags=re.MULTILINE)
    assert len(pins) == len(_pins(text))


def test_packages_txt_lists_the_debian_packages_the_app_needs() -> None:
    """packages.txt, read by Community Cloud and the Dockerfile, holds the one Debian list
    without what only `make serve` uses: one name a line, nothing else."""
    lines = (ROOT / "packages.txt").read_text(encoding="utf-8").splitlines()
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", line) for line in lines), lines
    assert set(lines) == set(debian_packages()) - SERVE_ONLY
    assert {"chromium", "fonts-noto-core"} <= set(lines)


def test_the_dockerfile_installs_from_the_same_files() -> None:
    """The Dockerfile installs packages.txt with apt and requirements.txt with its hashes, runs
    as a user, and serves streamlit_app.py on the port it exposes."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11[.-]", text, flags=re.MULTILINE)
    assert "packages.txt" in text
    assert "apt-get install" in text
    assert "--no-install-recommends" in text
    assert re.search(r"pip install .*--require-hashes .*-r requirements\.txt", text)
    assert re.search(r"^USER \S+", text, flags=re.MULTILINE)
    port = re.search(r"^EXPOSE (\d+)", text, flags=re.MULTILINE)
    assert port
    command = re.search(r"^CMD (\[.*\])", text, flags=re.MULTILINE)
    assert command
    assert "streamlit_app.py" in command.group(1)
    assert f'"--server.port", "{port.group(1)}"' in command.group(1)


def test_the_wheel_lists_every_subpackage() -> None:
    """pyproject.toml lists its packages by hand (it maps the checkout's root into the wheel):
    every folder of the package with an __init__.py is in the list."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "dashboard").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"dashboard.root": "."}
