"""Reading the page in AppTest: its figures, and its sections opened as a reader clicks their tabs."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard import urlstate


def figures(app: AppTest) -> dict[str, dict[str, Any]]:
    """The figures the last run drew, by their chart's name (``layout.meta.chart``)."""
    found = {}
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        found[spec["layout"]["meta"]["chart"]] = spec
    return found


def open_section(app: AppTest, section: str) -> AppTest:
    """The reader clicks the tab of ``section`` (a tab's value is its label) and the page reruns."""
    lang = app.session_state["lang"]
    app.session_state["section"] = urlstate.section_label(section, lang)  # type: ignore[arg-type]
    return app.run()


def every_figure(app: AppTest) -> dict[str, dict[str, Any]]:
    """Every section's figures, each tab clicked in turn, then the tab that was open clicked again."""
    was = urlstate.section_of(app.session_state["section"]) or urlstate.View.section
    offered = [urlstate.section_of(tab.label) for tab in app.tabs]
    found = {}
    for section in offered:
        assert section is not None, "every tab names a section"
        found.update(figures(open_section(app, section)))
    open_section(app, was)
    return found


def click_bar(app: AppTest, chart_key: str, ids: list[str]) -> None:
    """Select the points carrying ``ids`` on a chart, as a click in the browser would, and rerun."""
    element = next(c for c in app.get("plotly_chart") if c.proto.id.endswith(f"-{chart_key}"))
    states = app._tree.get_widget_states()  # AppTest has no chart clicks: send the widget state
    state = states.widgets.add()
    state.id = element.proto.id
    points = [{"customdata": [x], "point_index": i} for i, x in enumerate(ids)]
    state.string_value = json.dumps(
        {"selection": {"points": points, "point_indices": [], "box": [], "lasso": []}}
    )
    app._run(states)
