"""Installed as a user would, and hosted as a host would: each in a fresh virtualenv.

The user: build the wheel from a copy of the checkout (which the build leaves clean), install it
into a venv made from requirements.lock, and from an unrelated folder run ``visit-dashboard
validate`` and ``visit-dashboard run LOG``; Chromium sees the charts; the server listens on
loopback only. The host (Streamlit Community Cloud, the Dockerfile): a venv from requirements.txt
alone, and the Dockerfile's own command run in the checkout; Chromium sees the charts.

pip installs from its cache or the package registry, nothing else; each venv takes about 35 s
on this machine's two shared cores, the whole file about two minutes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dashboard.server import free_port, listening_addresses, running

from . import settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("install")]

ROOT = Path(__file__).resolve().parents[2]
TITLE = "UN Secretary-General António Guterres visits Moscow"
# .streamlit/config.toml's secondaryBackgroundColor (#F6F8FA), which only the shipped config sets.
SIDEBAR_RGB = "rgb(246, 248, 250)"
WAIT_MS = 180_000


def _run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``command``; its stdout, or a failure that shows what it printed."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env or _clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stderr[-3000:]}"
    return result.stdout


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without anything that would point a Python at this checkout."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "VISIT_LOG", "VISIT_CACHE"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def _copy_checkout(target: Path) -> Path:
    """The checkout's files as a user's clone has them (tracked and new, nothing ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in listed)):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _venv(path: Path, requirements: Path) -> Path:
    """A fresh venv at ``path`` with ``requirements`` installed, hash-checked; its python."""
    _run([sys.executable, "-m", "venv", path], cwd=path.parent)
    python = path / "bin" / "python"
    _run(
        [python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", requirements],
        cwd=path.parent,
    )
    return python


def _see_the_dashboard(page: Page, url: str) -> None:
    """The page at ``url`` draws every chart of the shipped log, with the shipped config's theme,
    and asks nothing of any other host (no fonts, icons or scripts from the internet)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    expect(page.get_by_text(TITLE).first).to_be_visible(timeout=WAIT_MS)
    settle(page, WAIT_MS)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.evaluate("e => getComputedStyle(e).backgroundColor") == SIDEBAR_RGB
    elsewhere = [r for r in requested if not r.startswith((f"{url}/", "data:", "blob:"))]
    assert not elsewhere, elsewhere


def _untracked(folder: Path) -> set[str]:
    """Files git would offer to commit in ``folder``: new and not ignored."""
    out = _run(["git", "ls-files", "--others", "--exclude-standard"], cwd=folder)
    return set(out.splitlines())


def test_a_user_installs_the_wheel_and_runs_it_from_anywhere_on_loopback(
    tmp_path: Path, page: Page
) -> None:
    """The wheel built from the checkout leaves it clean, installs into a venv from the lock, and
    its ``visit-dashboard validate`` and ``run`` work from another folder, on loopback only."""
    source = _copy_checkout(tmp_path / "checkout")
    _run(["git", "init", "--quiet"], cwd=source)
    before = _untracked(source)
    python = _venv(tmp_path / "venv", source / "requirements.lock")

    # As a user builds it: in the checkout, with the build backend the lock pins.
    build = ["wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", "dist", "."]
    _run([python, "-m", "pip", *build], cwd=source)
    (wheel,) = (source / "dist").glob("visit_dashboard-*.whl")
    assert (source / "build").is_dir()
    assert list(source.glob("*.egg-info"))
    assert _untracked(source) == before, "the build left files git would commit"
    _run([sys.executable, "-m", "ruff", "check", "--no-respect-gitignore", "--quiet", "."], source)

    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel], tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(source / "data", elsewhere / "visit")
    env = _clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    imported = _run([python, "-c", "import dashboard; print(dashboard.__file__)"], elsewhere, env)
    assert Path(imported.strip()).is_relative_to(tmp_path / "venv")

    command = tmp_path / "venv" / "bin" / "visit-dashboard"
    assert "events.yaml: valid (3 events" in _run([command, "validate"], elsewhere, env)
    port = free_port()
    log = tmp_path / "run.log"
    run = [command, "run", "visit/events.yaml", "--port", port, "--", "--server.headless", "true"]
    with running([str(part) for part in run], port, cwd=elsewhere, log=log, env=env) as url:
        assert listening_addresses(port) == {"127.0.0.1"}
        _see_the_dashboard(page, url)
    printed = log.read_text(errors="replace")
    assert f"serving visit/events.yaml on http://127.0.0.1:{port}" in printed
    assert "Traceback" not in printed
    # The frames were kept in the user's cache folder, not in site-packages.
    assert list((tmp_path / "cache" / "visit-dashboard" / "frames").iterdir())


def _dockerfile_command(port: int) -> list[str]:
    """The Dockerfile's CMD, on ``port`` and on loopback (a container listens on every interface
    of its own network; this machine's test must not)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    match = re.search(r"^CMD (\[.*\])", text, flags=re.MULTILINE)
    assert match, "the Dockerfile has no CMD in exec form"
    command: list[str] = json.loads(match.group(1))
    command[command.index("--server.address") + 1] = "127.0.0.1"
    command[command.index("--server.port") + 1] = str(port)
    return command


def test_a_host_serves_it_from_requirements_txt_alone(tmp_path: Path, page: Page) -> None:
    """A venv from requirements.txt alone runs the Dockerfile's command, ``streamlit run
    streamlit_app.py``, in the checkout, as Community Cloud and the container do; Chromium
    sees the charts."""
    source = _copy_checkout(tmp_path / "checkout")
    python = _venv(tmp_path / "venv", source / "requirements.txt")
    port = free_port()
    command = _dockerfile_command(port)
    assert command[:1] == ["python"]
    command[0] = str(python)
    log = tmp_path / "host.log"
    with running(command, port, cwd=source, log=log, env=_clean_env()) as url:
        _see_the_dashboard(page, url)
    assert "Traceback" not in log.read_text(errors="replace")
