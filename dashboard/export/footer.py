"""What an exported image says of itself: the filters and search in force, and where it comes from.

A picture sent alone must still say what it shows: two images of different views must not look
like the same chart. The footer is added to a copy of the figure at export time, as an
annotation named ``FOOTER``, so the page's own figures (cached, shared, frozen) never change.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go

from dashboard.charts.style import CHAR_WIDTH, QUIET_TEXT, escape, upright_room
from dashboard.export import images
from dashboard.i18n import t
from dashboard.load import Frames

FOOTER = "view-footer"  # the annotation's name, which tests and tools look for
FONT_SIZE = 11
LINE_HEIGHT = 16
# Below the plot: the x-axis' ticks and title, which the figure's own bottom margin holds.
_AXIS_ROOM = 56


def caption(frames: Frames, description: str) -> str:
    """The footer's text in the frames' language: the view in words, the log and its sources.

    Args:
        frames: The unfiltered frames of the log, in the page's language.
        description: ``Filters.describe`` of the view: its filters and search, in words.
    """
    sources = list(dict.fromkeys(str(title) for title in frames.paragraphs["source_title"]))
    return t(
        "image_footer",
        frames.language,
        view=description,
        log=frames.visit["title"],
        sources="; ".join(sources),
    )


def with_footer(figure: go.Figure, text: str, width: int) -> go.Figure:
    """A copy of ``figure`` with ``text`` as a footer under it, wrapped by word to ``width`` px.

    The figure grows by the footer's height, so the plot keeps its size.
    """
    spec: dict[str, Any] = go.Figure.to_dict(figure)
    layout = spec.setdefault("layout", {})
    chars = max(20, int((width - 24) / (CHAR_WIDTH * FONT_SIZE / 12)))
    lines = textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [""]
    below = _AXIS_ROOM + _upright_ticks(layout.get("xaxis") or {}, spec.get("data") or [], width)
    footer_height = LINE_HEIGHT * len(lines) + 8
    margin = dict(layout.get("margin") or {})
    bottom = max(int(margin.get("b") or 0), below)
    margin["b"] = bottom + footer_height
    layout["margin"] = margin
    layout["height"] = int(layout.get("height") or 700) + footer_height + (bottom - below)
    layout["annotations"] = [
        *(layout.get("annotations") or []),
        {
            "name": FOOTER,
            "text": "<br>".join(escape(line) for line in lines),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            "yshift": -bottom,
            "align": "left",
            "showarrow": False,
            "font": {"size": FONT_SIZE, "color": QUIET_TEXT},
        },
    ]
    return go.Figure(spec)


def _upright_ticks(xaxis: dict[str, Any], traces: list[dict[str, Any]], width: int) -> int:
    """Room the x-axis' labels take standing upright, where the axis lets them and they must."""
    if not xaxis.get("autotickangles"):
        return 0
    ticks = [str(x) for x in xaxis.get("ticktext") or []]
    if not ticks:
        ticks = [str(x) for trace in traces for x in (trace.get("x") or []) if isinstance(x, str)]
    flat = sum(max(len(line) for line in tick.split("<br>")) + 2 for tick in ticks) * CHAR_WIDTH
    return upright_room(ticks) if flat > 0.8 * width else 0


def render(
    figure: go.Figure,
    fmt: images.ImageFormat,
    text: str,
    draw: Callable[..., bytes] = images.render,
) -> bytes:
    """``figure`` as an image file of ``fmt`` with ``text`` as its footer (see :func:`with_footer`)."""
    width = images.size_for(figure, fmt)[0]
    return draw(with_footer(figure, text, width), fmt, scale=2)
