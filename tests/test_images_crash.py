"""A crashed kaleido Chromium costs at most the image in flight: the next one restarts the browser.

kaleido's Chromium runs under choreographer's wrapper, a child of this process; these tests kill
the browser with SIGKILL, as the kernel's OOM killer would, and render again.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from kaleido._kaleido_tab import _devtools_utils as _devtools
from PIL import Image

from dashboard.export import images
from dashboard.server import CHROMIUM

FIGURE = go.Figure(go.Bar(x=["a", "b"], y=[3, 4]), layout={"template": "plotly_white"})


@pytest.fixture
def renderer() -> Iterator[None]:
    """Images can be made here: Chromium and the fonts; missing ones skip locally, fail in CI."""
    reason = None if Path(CHROMIUM).exists() else f"Chromium not found at {CHROMIUM}"
    reason = reason or images.missing_requirements()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    yield
    # Whatever a test left behind, the next user of the renderer in this process starts clean.
    images._restart_server()


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``, from /proc (psutil is not a dependency)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name in parentheses may hold spaces; the fields after it don't.
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            children.append(int(stat.parent.name))
    return children


def _descendants(pid: int) -> list[int]:
    return [d for child in _children(pid) for d in (child, *_descendants(child))]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _kaleido_chromium() -> list[int]:
    """Every Chromium process under choreographer's wrapper; Playwright's browsers are left alone."""
    wrappers = [pid for pid in _children(os.getpid()) if "choreographer" in _cmdline(pid)]
    return [
        pid
        for w in wrappers
        for pid in _descendants(w)
        if "chromium" in _cmdline(pid).split(" ")[0]
    ]


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _kill_chromium() -> list[int]:
    """SIGKILL kaleido's Chromium and return once every one of its processes is dead."""
    pids = _kaleido_chromium()
    assert pids, "kaleido's Chromium is not running under this process"
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # it may die with its parent first
            os.kill(pid, signal.SIGKILL)
    while not all(_gone(pid) for pid in pids):
        time.sleep(0.05)
    return pids


def _render() -> dict[str, Any]:
    """``images.render`` in a thread; its PNG or error, or a failure if it never returns.

    The bound is liveness, not speed: two attempts of at most ``RENDER_TIMEOUT`` each, with a
    browser start between them. kaleido's own sync server waited forever here.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["png"] = images.render(FIGURE, "png", scale=1)
        except images.ImageUnavailable as error:
            outcome["error"] = error

    render = threading.Thread(target=run, daemon=True)
    render.start()
    render.join(2 * images.RENDER_TIMEOUT + 120)
    if render.is_alive():
        pytest.fail("images.render never returned: a dead browser holds the lock for everyone")
    return outcome


def _assert_png(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as png:
        assert png.format == "PNG"
        assert png.size == (images.DEFAULT_SIZE[0], images.DEFAULT_SIZE[1])
        png.load()  # decodes every row: a truncated file raises here


def test_export_after_chromium_was_killed_restarts_it(renderer: None) -> None:
    """Kill the warm browser between two exports: the second export is a valid PNG."""
    _assert_png(_render()["png"])
    killed = _kill_chromium()
    after = _render()
    assert "error" not in after, after.get("error")
    _assert_png(after["png"])
    assert not set(_kaleido_chromium()) & set(killed)


def test_chromium_killed_during_an_export_fails_only_that_export(
    renderer: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kill the browser while a figure is being drawn: that export may fail, the next succeeds."""
    _assert_png(_render()["png"])
    # After drawing, kaleido reloads the tab for the next figure; the browser dies mid-reload,
    # once the page has a script context and before its load event.
    context_id = _devtools.get_js_id
    killed: list[int] = []

    def crash(result: Any) -> Any:
        if not killed:  # once: the restarted browser must be left to work
            killed.extend(_kill_chromium())
        return context_id(result)

    monkeypatch.setattr(_devtools, "get_js_id", crash)
    during = _render()
    assert killed
    if "png" in during:
        _assert_png(during["png"])
    _assert_png(_render()["png"])
