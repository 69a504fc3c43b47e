"""The frames equal the contract spelled out row by row from the document: the fast build in
``dashboard.load`` takes columns from ``dashboard.flat`` and rows from one another by number,
so this slow, plain reading of the document is what it must keep matching."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bench.generate import write
from dashboard.i18n import t
from dashboard.load import COLUMNS, DEFAULT_LOG, Log, build_frames, pick, read_log

FIXTURES = Path(__file__).parent / "fixtures"
LOGS = {
    "shipped": DEFAULT_LOG,
    "other visit": FIXTURES / "other_visit" / "events.yaml",
    "no sources": FIXTURES / "no_sources.yaml",
    "hostile": FIXTURES / "hostile" / "events.yaml",
}


def _all_languages(text: dict[str, str] | None) -> str:
    return "\n".join(dict.fromkeys(text.values())) if text else ""


def _stated(text: Any, language: str) -> str | None:
    return t("not_stated", language) if text == "not stated" else pick(text, language)


def _cited(citation: dict[str, Any] | None) -> list[Any]:
    return (
        [None, None, None]
        if citation is None
        else [citation[k] for k in ("source", "paragraph", "quote")]
    )


def reference_rows(log: Log, language: str) -> dict[str, list[list[Any]]]:
    """Every frame's rows, read from the document one row at a time."""
    document = log.document
    visit = document["visit"]
    rows: dict[str, list[list[Any]]] = {name: [] for name in COLUMNS}
    points = [(None, None, p, i) for i, p in enumerate(visit.get("points", []))]
    for event in document["events"]:
        day = None if event["date"] == "not stated" else event["date"]
        rows["events"].append(
            [
                event["id"],
                pd.Timestamp(day) if day else pd.NaT,
                day is not None,
                event["sequence"],
                event.get("start"),
                event.get("end"),
                event.get("start") is not None,
                event["kind"],
                event["format"],
                pick(event["title"], language),
                pick(event.get("summary"), language),
                pick(event.get("place"), language),
                *_cited(event.get("source")),
            ]
        )
        rows["attendance"] += [[event["id"], person] for person in event["participants"]]
        points += [(event["id"], day, p, i) for i, p in enumerate(event["points"])]
    for event_id, day, point, i in points:
        voice = point.get("voice") or "said"
        rows["points"].append(
            [
                point["id"],
                event_id,
                pd.Timestamp(day) if day else pd.NaT,
                i + 1,
                voice,
                pick(point["text"], language),
                pick(point.get("reading"), language),
                *_cited(point.get("source")),
                _all_languages(point["text"]),
            ]
        )
        rows["point_topics"] += [[point["id"], event_id, x, voice] for x in point["topics"]]
        rows["point_speakers"] += [
            [point["id"], event_id, x, voice] for x in point.get("speakers", [])
        ]
    for i, person in enumerate(document["participants"]):
        rows["participants"].append(
            [
                person["id"],
                pick(person["name"], language),
                (person.get("short") or {}).get(language) or pick(person["name"], language),
                _stated(person.get("role"), language),
                _stated(person.get("organization"), language),
                i,
                _all_languages(person["name"]),
            ]
        )
    groups = {g["id"]: pick(g["label"], language) for g in document.get("topic_groups", [])}
    for i, topic in enumerate(document["topics"]):
        rows["topics"].append(
            [
                topic["id"],
                pick(topic["label"], language),
                (topic.get("short") or {}).get(language) or pick(topic["label"], language),
                topic.get("group"),
                groups.get(topic.get("group"), topic.get("group")),
                i,
                _all_languages(topic["label"]),
            ]
        )
    sources = {s["id"]: s for s in document.get("sources", [])}
    for source_id, lines in log.paragraphs.items():
        title = pick(sources[source_id]["title"], language)
        rows["paragraphs"] += [
            [source_id, title, sources[source_id]["language"], n, text]
            for n, text in enumerate(lines, start=1)
        ]
    subjects = [("visit", visit["id"], visit)]
    subjects += [("participant", p["id"], p) for p in document["participants"]]
    subjects += [("event", e["id"], e) for e in document["events"]]
    subjects += [("point", p["id"], p) for _, _, p, _ in points]
    for subject, subject_id, item in subjects:
        for field, reason in (item.get("inferred") or {}).items():
            rows["inferred"].append([subject, subject_id, field, pick(reason, language)])
    return rows


def _frame(rows: list[list[Any]], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns), dtype=object).astype(columns)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated log of 300 events, as the benchmark writes them."""
    return write(300, 1, tmp_path_factory.mktemp("generated"))


@pytest.mark.parametrize("name", [*LOGS, "generated"])
def test_frames_equal_the_document_read_row_by_row(name: str, generated: Path) -> None:
    """Every frame of every log, in each of its languages and one it lacks, equals its rows read
    one at a time from the document: same columns, dtypes, order and values."""
    log = read_log(generated if name == "generated" else LOGS[name])
    for language in (*log.languages, "xx"):
        frames = build_frames(log, language).by_name()
        for frame_name, rows in reference_rows(log, language).items():
            expected = _frame(rows, COLUMNS[frame_name])
            pd.testing.assert_frame_equal(
                frames[frame_name], expected, check_exact=True, obj=f"{frame_name} ({language})"
            )


@pytest.mark.parametrize(
    "edit",
    [
        lambda en, hi: f"{{hi: {hi}, en: {en}}}",
        lambda en, hi: f"{{en: {en}, hi: {en}}}",
        lambda en, hi: f'{{en: {en}, fr: "Progrès", hi: {hi}}}',
    ],
    ids=["other order", "same words", "one more language"],
)
def test_texts_in_another_order_or_more_languages_read_the_same(
    generated: Path, edit: Callable[[str, str], str]
) -> None:
    """A point's text with its languages in another order, one more language, or the same
    words in both gives the frames the document read row by row gives."""
    text = generated.read_text(encoding="utf-8")
    text = re.sub(
        r'(\n        text: )\{en: (".*?"), hi: (".*?")\}',
        lambda match: match[1] + edit(match[2], match[3]),
        text,
        count=1,
    )
    path = generated.with_name("edited.yaml")
    path.write_text(text, encoding="utf-8")
    log = read_log(path)
    for language in ("en", "hi", "xx"):
        frames = build_frames(log, language).by_name()
        expected = _frame(reference_rows(log, language)["points"], COLUMNS["points"])
        pd.testing.assert_frame_equal(frames["points"], expected, check_exact=True)
