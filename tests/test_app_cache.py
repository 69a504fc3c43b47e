"""The page shares one copy of a start file's frames between sessions and never changes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.load import DEFAULT_LOG, build_frames, read_log
from dashboard.pages import loading as page

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.xdist_group("apptest")


def test_a_session_never_changes_the_shared_frames() -> None:
    """After filters, a language switch, a reset and a second session, the cached frames are
    still exactly what the log builds."""
    first = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    first.sidebar.multiselect(key="topics").set_value(["syria"]).run()
    first.sidebar.select_slider(key="days").set_range(date(2021, 5, 13), date(2021, 5, 13)).run()
    first.segmented_control(key="lang").set_value("hi").run()
    second = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    second.query_params["participant"] = "putin"
    second.run()
    assert not first.exception and not second.exception

    stat = DEFAULT_LOG.stat()
    _, shared = page._file_frames(str(DEFAULT_LOG.resolve()), (stat.st_mtime_ns, stat.st_size))
    log = read_log(DEFAULT_LOG)
    for lang, frames in shared.items():
        expected = build_frames(log, lang)
        for name, frame in expected.by_name().items():
            pd.testing.assert_frame_equal(getattr(frames, name), frame, obj=f"{lang}.{name}")
