"""The page, run by Streamlit's AppTest: filters, language, clicks, empty state, URL, uploads."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import panels
from dashboard.load import DEFAULT_LOG, build_frames, read_log
from tests.sections import click_bar, every_figure, figures, open_section

DAY13 = date(2021, 5, 13)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_FRAMES = build_frames(read_log(DEFAULT_LOG), "en")
pytestmark = pytest.mark.xdist_group("apptest")


def _app(query: dict[str, Any] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    return app.run()


def _bar_total(figure: dict[str, Any]) -> float:
    return sum(
        sum(v for v in trace.get("x", []) if isinstance(v, int | float))
        for trace in figure["data"]
        if trace.get("type") == "bar"
    )


def _topic_figure(app: AppTest) -> dict[str, Any]:
    return figures(app)["topics"]


def _topic_ids(figure: dict[str, Any]) -> set[str]:
    ids = set()
    for trace in figure["data"]:
        for custom in trace.get("customdata", []):
            topic = custom[0] if isinstance(custom, list) else custom
            if topic:  # heading rows of topic groups carry no id
                ids.add(topic)
    return ids


def test_page_draws_every_chart_without_errors() -> None:
    """The shipped log gives every registered chart, the key figures and no exception or error box."""
    app = _app()
    assert not app.exception
    assert not app.error
    assert len(every_figure(app)) == len(panels.drawn(SHIPPED_FRAMES))
    assert not app.exception
    assert [m.value for m in app.metric] == ["3", "22", "26", "3"]


def test_only_the_open_section_is_drawn() -> None:
    """The first run draws the topic chart alone; a link to a section draws that one's charts."""
    assert list(figures(_app())) == ["topics"]
    app = _app({"section": "who"})
    assert set(figures(app)) == {c.name for c in panels.drawn(SHIPPED_FRAMES) if c.section == "who"}
    assert not app.get("html")  # the statements are not built either
    statements = _app({"section": "statements"})
    assert not figures(statements)
    assert statements.get("html")


def test_topic_filter_changes_every_chart_and_count() -> None:
    """Choosing a topic narrows the topic chart, the matrix, the timeline and the key figures."""
    app = _app()
    before = every_figure(app)
    app.sidebar.multiselect(key="topics").set_value(["syria"]).run()
    after = every_figure(app)
    assert _topic_ids(_topic_figure(app)) == {"syria"}
    assert [m.value for m in app.metric] == ["2", "3", "1", "3"]
    assert before != after
    timeline = after["timeline"]
    assert len([y for trace in timeline["data"] for y in trace.get("y", [])]) == 2


def test_day_filter_keeps_only_that_day() -> None:
    """Narrowing the days to 13 May leaves the virtual Putin meeting only."""
    app = _app()
    app.sidebar.select_slider(key="days").set_range(DAY13, DAY13).run()
    assert [m.value for m in app.metric][:2] == ["1", "8"]
    assert "13 May 2021" in app.caption[0].value


def test_participant_and_format_filters() -> None:
    """Filtering to Lavrov, then to virtual events, narrows counts as worked out by hand, then empties."""
    app = _app()
    app.sidebar.multiselect(key="participants").set_value(["lavrov"]).run()
    assert [m.value for m in app.metric][:2] == ["2", "13"]
    app.session_state["formats"] = ["virtual"]
    app.run()
    assert not figures(app)
    assert "Nothing matches these filters" in app.info[0].value


def test_empty_state_offers_a_reset() -> None:
    """With nothing left, the page says so kindly and its reset button brings everything back."""
    app = _app({"topic": "cyprus", "format": "virtual"})
    assert "Nothing matches" in app.info[0].value
    app.button(key="reset_empty").click().run()
    assert len(every_figure(app)) == len(panels.drawn(SHIPPED_FRAMES))
    assert app.metric[0].value == "3"


def test_language_switch_changes_interface_and_data_labels() -> None:
    """Switching to Hindi translates headings, the caption, chart titles and the log's own labels."""
    app = _app()
    app.session_state["lang"] = "hi"
    app.run()
    assert app.title[0].value.startswith("संयुक्त राष्ट्र")
    assert "दिखाए जा रहे हैं" in app.caption[0].value
    text = json.dumps(figures(app), ensure_ascii=False)
    assert "सीरिया" in text
    assert "Syria" not in text


def test_url_restores_the_view() -> None:
    """A shared link with language, day, topic and count sets every widget and the charts follow."""
    app = _app({"lang": "hi", "from": "2021-05-13", "topic": "syria", "count_by": "events"})
    assert app.session_state["lang"] == "hi"
    assert app.session_state["topics"] == ["syria"]
    assert app.session_state["count_by"] == "events"
    assert [m.value for m in app.metric][:2] == ["1", "2"]


def test_malformed_url_parameters_are_ignored_with_a_notice() -> None:
    """Unknown topics, bad dates and languages in a link are dropped and named in a warning."""
    app = _app({"topic": ["syria", "<b>atlantis</b>"], "from": "someday", "lang": "xx"})
    assert not app.exception
    assert app.session_state["topics"] == ["syria"]
    warning = app.warning[0].value
    assert "atlantis" in warning
    assert "from=someday" in warning.replace("\\", "")
    assert "<b>" not in warning


def test_filters_are_written_back_to_the_url() -> None:
    """After a filter change, the query parameters hold the new view, so the link can be shared."""
    app = _app()
    app.sidebar.multiselect(key="topics").set_value(["libya", "yemen"]).run()
    assert app.query_params["topic"] == ["libya", "yemen"]


def test_a_broken_or_missing_log_file_keeps_the_last_good_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the log file turns invalid or disappears while serving, the page keeps the last good log and says so."""
    log = tmp_path / "events.yaml"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "article.hi.txt").write_bytes(
        (DEFAULT_LOG.parent / "sources" / "article.hi.txt").read_bytes()
    )
    log.write_bytes(DEFAULT_LOG.read_bytes())
    monkeypatch.setenv("VISIT_LOG", str(log))
    app = _app()
    assert app.metric[0].value == "3"
    log.write_text(
        DEFAULT_LOG.read_text(encoding="utf-8").replace("date: 2021-05-13", "date: 1999-01-01"),
        encoding="utf-8",
    )
    app.run()
    assert app.metric[0].value == "3"
    assert "still showing the last good version" in app.error[0].value
    assert "events[2].date" in app.error[0].value.replace("\\", "")
    newcomer = _app()  # a reader who arrives after the file broke sees the last good log too
    assert newcomer.metric[0].value == "3"
    log.unlink()
    app.run()
    assert app.metric[0].value == "3"
    assert "missing" in app.error[0].value


def test_a_search_in_the_link_narrows_the_page_and_stays_in_the_url() -> None:
    """?q=quartet: one event, two statements, said in the caption, kept in the box and the link."""
    app = _app({"q": "quartet", "section": "when"})
    assert app.sidebar.text_input(key="q").value == "quartet"
    assert [m.value for m in app.metric][:2] == ["1", "2"]
    assert app.caption[0].value.endswith("matching “quartet”")
    assert app.query_params["q"] == "quartet"
    timeline = figures(app)["timeline"]
    assert timeline["layout"]["meta"]["event_ids"] == ["lavrov-press-remarks"]


def test_typing_a_search_in_hindi_finds_the_quartet() -> None:
    """On the Hindi page, क्वाड typed in the box finds the two statements about the Quartet."""
    app = _app({"lang": "hi"})
    app.sidebar.text_input(key="q").input("क्वाड").run()
    assert [m.value for m in app.metric][:2] == ["1", "2"]
    assert "क्वाड" in app.caption[0].value
    assert app.query_params["q"] == "क्वाड"
    app.sidebar.text_input(key="q").input("").run()
    assert [m.value for m in app.metric][:2] == ["3", "22"]
    assert "q" not in app.query_params


def test_a_search_that_finds_nothing_gets_the_empty_state_and_a_reset() -> None:
    """No match: the friendly message, and the reset clears the search too."""
    app = _app({"q": "no such words"})
    assert "Nothing matches" in app.info[0].value
    app.button(key="reset_empty").click().run()
    assert app.sidebar.text_input(key="q").value == ""
    assert app.metric[0].value == "3"


@pytest.mark.parametrize(
    "payload",
    ['<img src=x onerror="window.__pwned=1">', "**bold** $x$ [a](javascript:alert(1))"],
)
def test_a_hostile_search_is_shown_as_text(payload: str) -> None:
    """Markup typed as a search reaches the caption escaped and never as markup."""
    app = _app({"q": payload})
    assert not app.exception
    caption = app.caption[0].value
    assert re.search(r"(?<!\\)[<>*\[\]$]", caption) is None, caption  # each one escaped
    assert re.sub(r"\\(.)", r"\1", caption).endswith(f"“{payload}”")  # all of it, as typed


def test_toggles_keep_their_values_through_an_empty_view() -> None:
    """Search nothing, then something: the topic toggles come back as set, and the link has no None."""
    app = _app({"count_by": "events", "split_by": "event"})
    app.sidebar.text_input(key="q").input("no such words").run()
    assert "Nothing matches" in app.info[0].value
    app.sidebar.text_input(key="q").input("quartet").run()
    assert not app.exception
    assert app.segmented_control(key="count_by").value == "events"
    assert app.segmented_control(key="split_by").value == "event"
    assert app.query_params["count_by"] == "events"
    assert app.query_params["split_by"] == "event"
    assert "None" not in json.dumps(app.query_params)


def test_default_toggles_survive_an_empty_view_without_entering_the_link() -> None:
    """With the default settings, an empty view and back leaves them set and the link clean."""
    app = _app()
    app.sidebar.text_input(key="q").input("no such words").run()
    app.sidebar.text_input(key="q").input("Syria").run()
    assert app.segmented_control(key="count_by").value == "points"
    assert app.segmented_control(key="split_by").value == "day"
    assert set(app.query_params) == {"q"}


def test_a_search_counts_the_same_on_either_page_in_either_script() -> None:
    """?lang=hi&q=Syria and ?q=सीरिया show the same figures as ?q=Syria: one search, every language."""
    english = [m.value for m in _app({"q": "Syria"}).metric]
    assert english[0] != "0"
    assert [m.value for m in _app({"lang": "hi", "q": "Syria"}).metric] == english
    assert [m.value for m in _app({"q": "सीरिया"}).metric] == english


def test_clicks_on_charts_set_the_filters_their_registry_entries_say() -> None:
    """A click on Syria's bar chooses Syria; in the day-by-day tab, a click on the 13 May meeting
    narrows the days to 13 May; each shows in the widgets, the figures and the link."""
    app = _app()
    click_bar(app, "topic_chart", ["syria"])
    assert app.sidebar.multiselect(key="topics").value == ["syria"]
    assert app.query_params["topic"] == "syria"
    app.sidebar.multiselect(key="topics").set_value([]).run()
    click_bar(open_section(app, "when"), "timeline_chart", ["putin-meeting"])
    assert app.sidebar.select_slider(key="days").value == (DAY13, DAY13)
    assert [m.value for m in app.metric][:2] == ["1", "8"]
    assert app.query_params["from"] == "2021-05-13"
