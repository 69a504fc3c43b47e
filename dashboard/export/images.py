"""Charts as PNG, SVG or PDF through kaleido, with one warm Chromium per process.

The browser stays open on an event loop in a thread of its own (:class:`_Warm`). kaleido's own
sync server does the same, but when its browser dies mid-render its thread dies with an
uncaught CancelledError and every later caller waits forever. Here each request waits at most
``RENDER_TIMEOUT``, a failed or hung browser is closed and started afresh once per request, and
calls go through one lock, as Streamlit runs each session in its own thread.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import shutil
import subprocess
import threading
from collections.abc import Coroutine
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

from dashboard.server import CHROMIUM, debian_packages

ImageFormat = Literal["png", "svg", "pdf"]
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DEFAULT_SIZE = (1200, 700)  # px; charts on screen are sized by the page, files need a fixed size
# A PDF is a page to print: A4 in CSS pixels (96 an inch), drawn at scale 1 so that a pixel is
# 0.75 pt and the page 842 × 595 pt. At the images' 1200 px and scale 2 it was 1800 pt wide.
A4_LANDSCAPE = (1123, 794)

# Seconds for one image; kaleido's own timeout for a render is 90. A hung browser costs this once.
RENDER_TIMEOUT = 120
STOP_TIMEOUT = 10

_lock = threading.Lock()
_T = TypeVar("_T")


class ImageUnavailable(RuntimeError):
    """Static images cannot be made on this machine; the message says what to install."""


@cache
def missing_requirements() -> str | None:
    """Why images cannot be rendered here (no Chromium, no Devanagari font), or None if they can."""
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append(f"Chromium ({CHROMIUM})")
    if not _has_devanagari_font():
        missing.append("a Devanagari font (Noto)")
    if not missing:
        return None
    packages = " ".join(debian_packages())
    return f"{' and '.join(missing)} not found: install with `apt-get install --no-install-recommends {packages}`"


def _has_devanagari_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        result = subprocess.run(
            [fc_list, ":lang=hi", "family"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(result.stdout.strip())


def render(
    figure: go.Figure, fmt: ImageFormat, scale: float = 2, size: tuple[int, int] | None = None
) -> bytes:
    """The figure as image bytes, drawn by the warm kaleido server.

    Args:
        figure: A figure built with an explicit template (never Streamlit's default).
        fmt: ``"png"``, ``"svg"`` or ``"pdf"``.
        scale: Pixel density for PNG; 2 makes sharp images for slides.
        size: Width and height in CSS pixels; the figure's own height is kept when it has one.

    Raises:
        ImageUnavailable: Chromium or the fonts are missing, or the browser failed twice.
    """
    reason = missing_requirements()
    if reason:
        raise ImageUnavailable(reason)
    width, height = size or size_for(figure, fmt)
    if fmt == "pdf":
        scale = 1  # a PDF is vector: scale only multiplies its page size
    options = {"format": fmt, "scale": scale, "width": width, "height": height}
    with _lock:
        for attempt in (1, 2):
            try:
                return _server().render(figure, options)
            except Exception as error:  # a dead, hung or broken browser: start a new one
                _restart_server()
                if attempt == 2:
                    raise ImageUnavailable(
                        f"the image renderer failed ({type(error).__name__}: {error})"
                    ) from error
    raise AssertionError("unreachable")


def size_for(figure: go.Figure, fmt: ImageFormat) -> tuple[int, int]:
    """The width and height, in CSS pixels, ``figure`` is drawn at as ``fmt``.

    Images are 1200 px wide at the figure's own height; a PDF is an A4 page, landscape unless the
    figure is taller than it is wide there.
    """
    height = int(figure.layout.height or DEFAULT_SIZE[1])
    if fmt != "pdf":
        return DEFAULT_SIZE[0], height
    wide, high = A4_LANDSCAPE
    return A4_LANDSCAPE if height <= high else (high, wide)


class _Warm:
    """One kaleido browser, open on an event loop that runs in its own daemon thread."""

    def __init__(self) -> None:
        import kaleido

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        # Debian's Chromium, found where the rest of the project finds it; no MathJax, which
        # kaleido would fetch from a CDN for every page, and no chart here writes TeX.
        self._kaleido = kaleido.Kaleido(path=CHROMIUM, mathjax=False)
        try:
            self._call(self._kaleido.open())
        except BaseException:
            self.close()
            raise

    def _call(self, coroutine: Coroutine[Any, Any, _T], timeout: float = RENDER_TIMEOUT) -> _T:
        """Run ``coroutine`` on the browser's loop; a cancelled one raises CancelledError,
        which concurrent.futures makes an Exception, and a late one TimeoutError."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        finally:
            future.cancel()  # no-op once done; stops a hung render from holding the tab

    def render(self, figure: go.Figure, options: dict[str, Any]) -> bytes:
        data: bytes = self._call(self._kaleido.calc_fig(figure, opts=options))
        return data

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a dead browser may fail to close; it is dropped
            self._call(self._kaleido.close(), timeout=STOP_TIMEOUT)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(STOP_TIMEOUT)


_warm: _Warm | None = None


def _server() -> _Warm:
    global _warm
    if _warm is None:
        _warm = _Warm()
    return _warm


def _restart_server() -> None:
    """Close the warm browser, if any; the next image starts a new one."""
    global _warm
    warm, _warm = _warm, None
    if warm is not None:
        warm.close()


atexit.register(_restart_server)
