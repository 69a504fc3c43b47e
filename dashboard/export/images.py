"""Charts as PNG, SVG or PDF through kaleido, with one warm Chromium per process.

kaleido's sync server is a process-wide singleton whose request and reply queues are not safe
for concurrent callers, and Streamlit runs each session in its own thread: every call goes
through one lock. A crashed browser is restarted once per request.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
from functools import cache
from typing import Any, Literal

import plotly.graph_objects as go

ImageFormat = Literal["png", "svg", "pdf"]
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
APT_PACKAGES = "chromium fonts-noto-core"
DEFAULT_SIZE = (1200, 700)  # px; charts on screen are sized by the page, files need a fixed size

_lock = threading.Lock()


class ImageUnavailable(RuntimeError):
    """Static images cannot be made on this machine; the message says what to install."""


@cache
def missing_requirements() -> str | None:
    """Why images cannot be rendered here (no Chromium, no Devanagari font), or None if they can."""
    missing = []
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        missing.append("Chromium")
    if not _has_devanagari_font():
        missing.append("a Devanagari font (Noto)")
    if not missing:
        return None
    return f"{' and '.join(missing)} not found: install with `apt-get install --no-install-recommends {APT_PACKAGES}`"


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
    width, height = size or (DEFAULT_SIZE[0], figure.layout.height or DEFAULT_SIZE[1])
    options = {"format": fmt, "scale": scale, "width": width, "height": height}
    with _lock:
        for attempt in (1, 2):
            try:
                _ensure_server()
                data: bytes = _kaleido().calc_fig_sync(figure, opts=options)
                return data
            except Exception as error:
                _restart_server()
                if attempt == 2:
                    raise ImageUnavailable(
                        f"the image renderer failed ({type(error).__name__}: {error})"
                    ) from error
    raise AssertionError("unreachable")


def _kaleido() -> Any:
    import kaleido

    return kaleido


def _ensure_server() -> None:
    _kaleido().start_sync_server(silence_warnings=True)


def _restart_server() -> None:
    # A dead server may fail to stop; it is replaced anyway.
    with contextlib.suppress(Exception):
        _kaleido().stop_sync_server(silence_warnings=True)
