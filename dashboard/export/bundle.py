"""`python -m dashboard export`: every chart, the report, the data, the calendar and a manifest.

Writes what it can even when images cannot be made, and says what was missing.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from tqdm import tqdm

from dashboard import panels, urlstate
from dashboard.export import footer, images
from dashboard.export.calendar import calendar
from dashboard.export.data import records, statements, to_csv, to_json
from dashboard.export.report import report_html
from dashboard.load import Log, build_frames

IMAGE_TYPES = ("png", "svg", "pdf")
FILE_TYPES = (*IMAGE_TYPES, "html")


@dataclass
class Result:
    """What an export wrote, and what it could not."""

    written: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def export(
    log: Log,
    out: Path,
    view: urlstate.View,
    types: Iterable[str] = FILE_TYPES,
    progress: bool | None = None,
    render: Callable[..., bytes] = images.render,
) -> Result:
    """Write the view of ``log`` into ``out``.

    Args:
        log: A validated log.
        out: The folder to write into (created if needed).
        view: Language, filters and topic-chart settings, as the page's URL would hold them.
        types: Which of png, svg, pdf and html to write; data, calendar and manifest always are.
        progress: Show a progress bar; by default only when stderr is a terminal.
        render: Turns a figure into image bytes (kaleido by default).
    """
    types = [kind for kind in FILE_TYPES if kind in set(types)]
    out.mkdir(parents=True, exist_ok=True)
    frames = build_frames(log, view.lang)
    shown = view.filters.apply(frames)
    options = urlstate.options_for(log, frames)
    days = (view.filters.start or options.days[0], view.filters.end or options.days[-1])
    settings = panels.ChartSettings(count_by=view.count_by, split_by=view.split_by, days=days)
    drawn = panels.panels(shown, settings, frames)
    description = view.filters.describe(frames, shown)
    caption = footer.caption(frames, description)
    image_jobs = [(panel, kind) for panel in drawn for kind in types if kind in IMAGE_TYPES]
    steps = len(image_jobs) + 3
    bar = tqdm(
        total=steps,
        desc="export",
        unit="file",
        disable=not (sys.stderr.isatty() if progress is None else progress),
    )
    result = Result()

    def write(name: str, data: bytes) -> None:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result.written.append(path)

    with bar:
        for panel, kind in image_jobs:
            bar.set_postfix_str(f"{panel.name}.{kind}")
            if not result.missing:
                try:
                    fmt = cast(images.ImageFormat, kind)  # one of IMAGE_TYPES, by image_jobs
                    image = footer.render(panel.figure, fmt, caption, draw=render)
                    write(f"{panel.name}.{kind}", image)
                except images.ImageUnavailable as error:
                    result.missing.append(str(error))
            bar.update()
        if "html" in types:
            write(
                "report.html",
                report_html(
                    frames, shown, drawn, description, log.sha256, view.filters.search
                ).encode("utf-8"),
            )
        bar.update()
        write("statements.csv", to_csv(statements(shown)))
        write("view.json", to_json(shown, description))
        for name, whole in shown.by_name().items():
            # The search's own columns (every language's text at once) are no reader's data.
            table = whole.drop(columns=[c for c in whole.columns if c.endswith("_all_languages")])
            write(f"data/{name}.csv", to_csv(table))
            write(
                f"data/{name}.json",
                json.dumps(records(table), ensure_ascii=False, indent=1).encode("utf-8"),
            )
        bar.update()
        write("events.ics", calendar(shown))
        manifest = {
            "log": {"name": log.name, "sha256": log.sha256},
            "language": view.lang,
            "view": description,
            "filters": urlstate.encode(view, options),
            "files": [
                {
                    "path": path.relative_to(out).as_posix(),
                    "bytes": path.stat().st_size,
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                }
                for path in result.written
            ],
            "missing": result.missing,
        }
        write("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        bar.update()
    return result
