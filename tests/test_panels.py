"""The charts' data tables: names a reader knows, ids in their own column, empty cells empty."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import panels
from dashboard.filters import Filters
from dashboard.load import Frames


def _tables(frames: Frames, filters: Filters) -> dict[str, pd.DataFrame]:
    shown = filters.apply(frames)
    return {
        entry.name: entry.table(
            panels.panel(entry, shown, panels.ChartSettings()).data, frames.language
        )
        for entry in panels.CHARTS
    }


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(topics=frozenset({"syria"})), Filters(participants=frozenset({"putin"}))],
)
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_no_table_shows_a_missing_value(
    request: pytest.FixtureRequest, filters: Filters, lang: str
) -> None:
    """A cell with nothing in it is "", which the page shows empty, never None or <NA>."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    for name, table in _tables(frames, filters).items():
        assert not table.isna().any().any(), name
        assert not table.astype(str).isin(["None", "<NA>", "nan"]).any().any(), name


def test_the_timeline_table_names_kinds_and_formats(frames_hi: Frames) -> None:
    """Kinds and formats are words in the page's language; the event id has its own column."""
    table = _tables(frames_hi, Filters())["timeline"]
    assert "talks" not in set(table["प्रकार"]) and "in-person" not in set(table["प्रारूप"])
    assert list(table["कार्यक्रम आईडी"]) == ["lavrov-talks", "lavrov-press-remarks", "putin-meeting"]
    assert set(table["समाप्ति"]) == {""}  # no end time reported: an empty cell
