"""The chart of time against log size, ``scaling.png``, drawn from the results dict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Reader = Callable[[dict[str, Any]], float | None]

SERIES: dict[str, Reader] = {
    "Bare parse (yaml_rs)": lambda case: case["load"].get("parse"),
    "Load (read_log + build_frames)": lambda case: case["load"].get("load"),
    "AppTest rerun after a topic filter": lambda case: (
        case["apptest"].get("dashboard", {}).get("steps", {}).get("filter")
    ),
    "Browser first chart (warm)": lambda case: case["browser"].get("dashboard", {}).get("warm"),
}


def scaling_chart(results: dict[str, Any], out: Path) -> str | None:
    """A log-log chart of seconds against events, saved as ``out/scaling.png``; the reason if not."""
    import plotly.graph_objects as go

    from dashboard.export import images

    figure = go.Figure()
    for name, value in SERIES.items():
        points = [(case["events"], value(case)) for case in results["cases"]]
        measured = [(events, seconds) for events, seconds in points if seconds]
        if measured:
            figure.add_trace(
                go.Scatter(
                    x=[events for events, _ in measured],
                    y=[seconds for _, seconds in measured],
                    name=name,
                    mode="lines+markers",
                )
            )
    meta = results["meta"]
    figure.update_layout(
        template="plotly_white",
        title=f"Time against log size: commit {meta['commit']}, {meta['date']}",
        xaxis={"type": "log", "title": "Events in the log"},
        yaxis={"type": "log", "title": "Seconds"},
        legend={"orientation": "h", "y": -0.2},
    )
    try:
        (out / "scaling.png").write_bytes(images.render(figure, "png", scale=1, size=(1000, 600)))
    except images.ImageUnavailable as error:
        return str(error)
    return None
