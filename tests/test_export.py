"""`python -m dashboard export`: every promised file, real images, a calendar and a traceable manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import icalendar
import pytest

from dashboard import panels
from dashboard.export import images
from dashboard.export.bundle import export
from dashboard.export.calendar import calendar
from dashboard.filters import Filters
from dashboard.load import Frames, Log
from dashboard.urlstate import View

ROOT = Path(__file__).resolve().parents[1]
needs_images = pytest.mark.skipif(
    images.missing_requirements() is not None, reason=f"{images.missing_requirements()}"
)


def _fake_render(figure: object, kind: str, scale: float = 2) -> bytes:
    return {
        "png": b"\x89PNG\r\n\x1a\nfake",
        "svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "pdf": b"%PDF-1.4 fake",
    }[kind]


def test_export_writes_every_promised_file(shipped_log: Log, tmp_path: Path) -> None:
    """Charts in three formats, the report, data as CSV and JSON, the calendar and the manifest are all written."""
    result = export(shipped_log, tmp_path, View(lang="en"), render=_fake_render, progress=False)
    names = {p.relative_to(tmp_path).as_posix() for p in result.written}
    for chart in ("timeline", "topics", "speakers-topics", "attendance"):
        assert {f"{chart}.png", f"{chart}.svg", f"{chart}.pdf"} <= names
    assert {
        "report.html",
        "statements.csv",
        "view.json",
        "events.ics",
        "manifest.json",
        "data/events.csv",
        "data/points.json",
        "data/point_topics.csv",
    } <= names
    assert not result.missing


def test_manifest_hashes_match_the_files_and_the_log(shipped_log: Log, tmp_path: Path) -> None:
    """The manifest lists every other file with its sha256, the filters used and the log's own hash."""
    view = View(lang="hi", filters=Filters(topics=frozenset({"syria"})))
    export(shipped_log, tmp_path, view, render=_fake_render, progress=False)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["log"]["sha256"] == shipped_log.sha256
    assert manifest["filters"] == {"lang": ["hi"], "topic": ["syria"]}
    # PNG, SVG and PDF per chart; the report; statements CSV and view JSON; 9 frames as CSV and
    # JSON; the calendar.
    assert len(manifest["files"]) == 3 * len(panels.CHARTS) + 1 + 2 + 18 + 1
    for entry in manifest["files"]:
        data = (tmp_path / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def test_exported_data_follows_the_filters(shipped_log: Log, tmp_path: Path) -> None:
    """The written data holds only what the filters keep."""
    export(
        shipped_log,
        tmp_path,
        View(lang="en", filters=Filters(formats=frozenset({"virtual"}))),
        types=["html"],
        render=_fake_render,
        progress=False,
    )
    view = json.loads((tmp_path / "view.json").read_text(encoding="utf-8"))
    assert [e["event_id"] for e in view["events"]] == ["putin-meeting"]
    assert not (tmp_path / "timeline.png").exists()


def test_missing_renderer_still_writes_the_rest(shipped_log: Log, tmp_path: Path) -> None:
    """Without Chromium the export writes report, data and calendar, and says what to install."""

    def broken(*_: object, **__: object) -> bytes:
        raise images.ImageUnavailable(
            "Chromium not found: install with `apt-get install chromium fonts-noto-core`"
        )

    result = export(shipped_log, tmp_path, View(lang="en"), render=broken, progress=False)
    assert result.missing and "apt-get install" in result.missing[0]
    assert (tmp_path / "report.html").exists() and (tmp_path / "events.ics").exists()
    assert not list(tmp_path.glob("*.png"))


def test_calendar_has_all_day_entries_for_untimed_events(frames_en: Frames) -> None:
    """Each event is a VEVENT; date-only events are all-day entries on their own day."""
    parsed = icalendar.Calendar.from_ical(calendar(frames_en))
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {
        "lavrov-talks@guterres-moscow-2021",
        "lavrov-press-remarks@guterres-moscow-2021",
        "putin-meeting@guterres-moscow-2021",
    }
    putin = events["putin-meeting@guterres-moscow-2021"]
    assert putin.decoded("dtstart") == date(2021, 5, 13)
    assert putin.decoded("dtend") == date(2021, 5, 14)
    assert "time not reported" in str(putin["description"])


def test_calendar_gives_timed_events_the_visit_timezone(frames_en: Frames) -> None:
    """An event with clock times starts at that time in the visit's time zone."""
    events = frames_en.events.copy()
    events.loc[events["event_id"] == "putin-meeting", ["start", "end", "time_reported"]] = [
        "15:00",
        "16:30",
        True,
    ]
    timed = Frames(**{**frames_en.__dict__, "events": events})
    parsed = icalendar.Calendar.from_ical(calendar(timed))
    putin = next(e for e in parsed.walk("VEVENT") if str(e["uid"]).startswith("putin-meeting"))
    start = putin.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (15, 0, "Europe/Moscow")
    assert putin.decoded("dtend").hour == 16
    assert parsed.walk("VTIMEZONE")


def test_cli_rejects_filters_the_log_does_not_know(tmp_path: Path) -> None:
    """An unknown topic is refused with the valid ids listed (exit 2), before anything is written."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--out",
            str(tmp_path / "o"),
            "--topic",
            "atlantis",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "topic=atlantis" in result.stderr and "syria" in result.stderr
    assert not (tmp_path / "o").exists()


def test_cli_export_takes_a_search(tmp_path: Path) -> None:
    """--search keeps the statements that say it, in the chosen language; the manifest says so."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "dashboard", "export", "--out", str(tmp_path)),
            *("--types", "html", "--lang", "hi", "--search", "क्वाड"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["q"] == ["क्वाड"]
    assert "क्वाड" in manifest["view"]
    with (tmp_path / "statements.csv").open(encoding="utf-8-sig") as table:
        rows = list(csv.DictReader(table))
    assert {row["point_id"] for row in rows} == {"quartet-meeting-needed", "quartet-ministerial"}
    assert '<mark class="hit">क्वाड</mark>' in (tmp_path / "report.html").read_text(encoding="utf-8")


@needs_images
def test_cli_export_writes_real_images(tmp_path: Path) -> None:
    """The real command renders PNG, SVG and PDF with kaleido: right signatures, colour, sensible size."""
    from PIL import Image

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "export",
            "--out",
            str(tmp_path),
            "--lang",
            "hi",
            "--types",
            "png,svg,pdf",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    png = tmp_path / "topics.png"
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    colours = Image.open(png).convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50
    assert any(
        r > 150 and b < 100 for _, (r, g, b) in colours
    )  # the orange of the first day is there
    svg = (tmp_path / "topics.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)
    assert any("\u0900" <= ch <= "\u097f" for ch in svg)
    assert (tmp_path / "timeline.pdf").read_bytes().startswith(b"%PDF")
