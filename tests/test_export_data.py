"""Data downloads: the statements table, CSV and JSON follow the filters and keep Devanagari intact."""

from __future__ import annotations

import io
import json
import re

import pandas as pd

from dashboard.export.data import STATEMENT_COLUMNS, statements, to_csv, to_json
from dashboard.filters import Filters
from dashboard.load import Frames


def test_statements_have_one_row_per_point_in_time_order(frames_en: Frames) -> None:
    """Each point is a row with its event, speakers, topics and quote, ordered as they happened."""
    table = statements(frames_en)
    assert list(table.columns) == STATEMENT_COLUMNS
    assert len(table) == 22
    # The visit's own point first, with no event and no day, then the events in time order.
    assert table["point_id"].iloc[0] == "visit-talks"
    assert pd.isna(table["event_id"].iloc[0]) and pd.isna(table["date"].iloc[0])
    assert table["event"].iloc[0] == "The visit as a whole"
    assert table["event_id"].tolist()[1:3] == ["lavrov-talks", "lavrov-press-remarks"]
    assert table["event_id"].iloc[-1] == "putin-meeting"
    row = table.set_index("point_id").loc["regional-crises-putin"]
    assert row["speakers"] == "António Guterres; Vladimir Putin"
    assert row["topics"] == "Libya; Afghanistan; Yemen"


def test_csv_round_trips_with_devanagari(frames_hi: Frames) -> None:
    """The CSV opens in spreadsheets (UTF-8 with BOM) and reads back with the same Hindi text."""
    shown = Filters(topics=frozenset({"syria"})).apply(frames_hi)
    data = to_csv(statements(shown))
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == 3
    assert back["topics"].str.contains("सीरिया").all()


def test_json_describes_the_view(frames_en: Frames) -> None:
    """The JSON names the visit and the filters, and lists only the events and statements in view."""
    shown = Filters(formats=frozenset({"virtual"})).apply(frames_en)
    document = json.loads(to_json(shown, "virtual only"))
    assert document["view"] == "virtual only"
    assert [e["event_id"] for e in document["events"]] == ["putin-meeting"]
    assert document["events"][0]["date"] == "2021-05-13"
    assert document["events"][0]["start"] is None
    assert len(document["statements"]) == 8


def _keys(value: object) -> set[str]:
    """Every key of every object in a JSON document."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_json_has_one_style(frames_hi: Frames) -> None:
    """snake_case keys, ISO dates, names as arrays with their ids beside them (docs/data-formats.md)."""
    document = json.loads(to_json(frames_hi, "सब"))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in _keys(document)), _keys(document)
    event = document["events"][0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["date"])
    assert event["participants"] == ["एंटोनियो गुटेरेस", "सर्गेई लावरोव"]
    assert event["participant_ids"] == ["guterres", "lavrov"]
    assert len(event["topics"]) == len(event["topic_ids"]) > 1
    statement = next(s for s in document["statements"] if s["point_id"] == "regional-crises-putin")
    assert statement["speaker_ids"] == ["guterres", "putin"]
    assert statement["topic_ids"] == ["libya", "afghanistan", "yemen"]
    assert all(isinstance(s["speakers"], list) for s in document["statements"])
    assert "None" not in json.dumps(document, ensure_ascii=False)


def test_a_statement_with_no_topic_has_an_empty_list(frames_en: Frames) -> None:
    """An empty list is [], not [""] or null: every row reads the same way."""
    document = json.loads(to_json(frames_en, "all"))
    visit = next(s for s in document["statements"] if s["point_id"] == "visit-talks")
    assert visit["topics"] == [] and visit["topic_ids"] == []
