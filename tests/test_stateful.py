"""A reader's clicks in any order, run by Hypothesis against the real page (AppTest).

Rules are what a reader does: search (a word that finds something, one that finds nothing, one in
the other script), choose topics, people, formats and days, switch the language, set the topic
chart's toggles, click a bar, reset, copy the link and come back to it later. After every step the
invariants are what a reader trusts: no exception; no ``None`` in the link; every control drawn
has a value; each day, format, event and person keeps the colour and the order it had at the
start; each matrix keeps its axes; the header's figures agree with the charts' data.

Run: ``.venv/bin/python -m pytest -n0 -q tests/test_stateful.py`` (under a minute or two on 2 cores:
``MAX_EXAMPLES`` × ``STEPS`` reruns, derandomised so CI sees the same sequences every time).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)
from streamlit.testing.v1 import AppTest

from dashboard import panels, urlstate
from dashboard.load import build_frames, read_log
from tests.sections import click_bar, every_figure, figures, open_section

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.xdist_group("apptest")

MAX_EXAMPLES = 30
STEPS = 25

LOG = read_log(ROOT / "data" / "events.yaml")
TOPICS = sorted({topic["id"] for topic in LOG.document["topics"]})
PEOPLE = sorted({person["id"] for person in LOG.document["participants"]})
FORMATS = ["in-person", "virtual"]
DAYS = [date(2021, 5, 12), date(2021, 5, 13)]
FOUND = ["quartet", "Syria", "Lavrov", "COVID"]
OTHER_SCRIPT = ["सीरिया", "क्वाड", "लावरोव"]
NOT_FOUND = ["no such words", "zzzz"]
FRAMES = build_frames(LOG, "en")
OPTIONS = urlstate.options_for(LOG, FRAMES)
# Each section's charts, as the page draws them for the shipped log.
SECTION_CHARTS = {
    section: {c.name for c in panels.drawn(FRAMES) if c.section == section}
    for section in OPTIONS.sections
}


def _array(value: Any) -> np.ndarray:
    """A Plotly array as numpy, whether plain JSON or a typed array (``{"dtype", "bdata"}``)."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            flat = flat.reshape([int(n) for n in str(shape).split(",")])
        return flat.astype(float)
    return np.asarray(value if value is not None else [], dtype=object)


def link(app: AppTest) -> dict[str, list[str]]:
    """The page's query parameters, each as a list of values."""
    return {
        name: value if isinstance(value, list) else [value]
        for name, value in dict(app.query_params).items()
    }


def controls(app: AppTest) -> dict[str, Any]:
    """Every view widget's value as the page holds it, by key."""
    state = app.session_state
    return {key: state[key] for key in urlstate.WIDGET_KEYS if key in state}


def colours(figure: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(thing, colour) for each trace drawn in one colour: a format, a day, an event, a person.

    A trace is named by its legend group when it has one (the formats' ids), else by its name,
    which is the day's or the event's label in the page's language.
    """
    for trace in figure["data"]:
        colour = (trace.get("marker") or {}).get("color")
        thing = trace.get("legendgroup") or trace.get("name")
        if isinstance(colour, str) and thing:
            yield str(thing), colour


def categories(figure: dict[str, Any], axis: str) -> list[str]:
    """A heatmap's categories on ``axis`` ("x" or "y"), in drawn order, without repeats."""
    seen: list[str] = []
    for trace in figure["data"]:
        if trace.get("type") == "heatmap":
            for value in trace.get(axis) or []:
                if isinstance(value, str) and value not in seen:
                    seen.append(value)
    return seen


def in_order(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` keeps the relative order ``whole`` gives the same items."""
    positions = [whole.index(x) for x in part if x in whole]
    return positions == sorted(positions)


def header(app: AppTest) -> dict[str, int]:
    """The header's numbers by name, in the order the page draws them."""
    names = ("events", "points", "topics", "participants")
    return {
        name: int(metric.value.replace(",", ""))
        for name, metric in zip(names, app.metric, strict=False)
    }


def charted(found: dict[str, dict[str, Any]]) -> dict[str, int]:
    """The header's numbers as the charts' data has them (the statements are the list's)."""
    counts = {}
    if "timeline" in found:
        events = set()
        for trace in found["timeline"]["data"]:
            if trace.get("type") == "bar":
                events.update(str(row[0]) for row in trace.get("customdata") or [])
        counts["events"] = len(events)
    if "topics" in found:
        topics = set()
        for trace in found["topics"]["data"]:
            values = _array(trace.get("x")).astype(float)
            for value, row in zip(values, trace.get("customdata") or [], strict=False):
                topic = row[0] if isinstance(row, list) else row
                if topic and not math.isnan(value) and value > 0:
                    topics.add(topic)
        counts["topics"] = len(topics)
    if "attendance" in found:
        # Whichever axis the people are on (a matrix that turns over is another invariant's
        # failure, not this one's), a person counts who attended any event in view.
        attended: set[str] = set()
        for trace in found["attendance"]["data"]:
            if trace.get("type") != "heatmap":
                continue
            z = np.nan_to_num(_array(trace.get("z")).astype(float))
            for axis, along in (("x", 0), ("y", 1)):
                for position, person in enumerate(trace.get(axis) or []):
                    if person in PEOPLE and z.ndim == 2 and position < z.shape[1 - along]:
                        line = z[:, position] if axis == "x" else z[position, :]
                        if line.sum() > 0:
                            attended.add(str(person))
        counts["participants"] = len(attended)
    return counts


def _run(app: AppTest) -> AppTest:
    return app.run()


@dataclass
class Start:
    """The unfiltered page's encodings in each language and split: what every view is held to."""

    colours: dict[tuple[str, str, str], str] = field(default_factory=dict)
    orders: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    axes: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)


def axes(figure: dict[str, Any]) -> tuple[Any, ...]:
    """A matrix's orientation: its axes' titles and what its rows are."""
    layout = figure["layout"]
    return (
        (layout.get("xaxis") or {}).get("title", {}).get("text"),
        (layout.get("yaxis") or {}).get("title", {}).get("text"),
        layout["meta"].get("rows"),
    )


@cache
def start() -> Start:
    """The start's colours, orders and matrix axes, read once from fresh pages."""
    found = Start()
    for lang in ("en", "hi"):
        for split_by in panels.SPLIT_BY:
            app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
            app.query_params["lang"] = lang
            app.query_params["split_by"] = split_by
            for name, figure in every_figure(app.run()).items():
                kind = f"topics:{split_by}" if name == "topics" else name
                for thing, colour in colours(figure):
                    found.colours[(lang, kind, thing)] = colour
                found.orders[(lang, kind)] = [thing for thing, _ in colours(figure)]
                for axis in ("x", "y"):
                    found.orders[(name, axis)] = categories(figure, axis)
                found.axes[(lang, name)] = axes(figure)
    return found


class Reader(RuleBasedStateMachine):
    """One reader's session on the shipped log, from a fresh page."""

    links = Bundle("links")

    def __init__(self) -> None:
        super().__init__()
        self.app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
        self.start = start()

    # -- rules: a reader's clicks --------------------------------------------------------

    @rule(word=st.sampled_from(FOUND + OTHER_SCRIPT + NOT_FOUND + [""]))
    def type_a_search(self, word: str) -> None:
        self.app.sidebar.text_input(key="q").input(word)
        _run(self.app)

    @rule(chosen=st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))
    def choose_topics(self, chosen: list[str]) -> None:
        self.app.sidebar.multiselect(key="topics").set_value(chosen)
        _run(self.app)

    @rule(chosen=st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True))
    def choose_people(self, chosen: list[str]) -> None:
        self.app.sidebar.multiselect(key="participants").set_value(chosen)
        _run(self.app)

    @rule(chosen=st.lists(st.sampled_from(FORMATS), max_size=2, unique=True))
    def choose_formats(self, chosen: list[str]) -> None:
        self._button_group("formats").set_value(chosen)
        _run(self.app)

    @rule(first=st.sampled_from(DAYS), last=st.sampled_from(DAYS))
    def choose_days(self, first: date, last: date) -> None:
        self.app.sidebar.select_slider(key="days").set_range(min(first, last), max(first, last))
        _run(self.app)

    @rule(lang=st.sampled_from(["en", "hi"]))
    def switch_language(self, lang: str) -> None:
        self._button_group("lang").set_value(lang)
        _run(self.app)

    @precondition(lambda self: self._drawn("count_by"))
    @rule(count_by=st.sampled_from(panels.COUNT_BY), split_by=st.sampled_from(panels.SPLIT_BY))
    def set_topic_toggles(self, count_by: str, split_by: str) -> None:
        self._button_group("count_by").set_value(count_by)
        self._button_group("split_by").set_value(split_by)
        _run(self.app)

    @precondition(lambda self: "topics" in figures(self.app))
    @rule(pick=st.integers(min_value=0, max_value=40))
    def click_a_topic_bar(self, pick: int) -> None:
        ids = figures(self.app)["topics"]["layout"]["meta"]["topic_ids"]
        click_bar(self.app, "topic_chart", [ids[pick % len(ids)]])

    @rule(section=st.sampled_from(list(OPTIONS.sections)))
    def open_a_section(self, section: str) -> None:
        open_section(self.app, section)

    @rule()
    def reset(self) -> None:
        key = "reset_empty" if self.app.info else "reset"
        next(b for b in self.app.get("button") if b.key == key).click()
        _run(self.app)

    @rule(target=links)
    def copy_the_link(self) -> tuple[dict[str, list[str]], urlstate.View]:
        return link(self.app), self.app.session_state["view"]

    @rule(copied=links)
    def back_to_a_copied_link(self, copied: tuple[dict[str, list[str]], urlstate.View]) -> None:
        params, then = copied
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        for name, values in params.items():
            app.query_params[name] = values
        self.app = app.run()
        assert self.app.session_state["view"] == then, "the link lost part of the view"
        wanted = urlstate.widget_values(then, OPTIONS)
        assert controls(self.app) == {key: wanted[key] for key in controls(self.app)}

    # -- invariants: what a reader trusts --------------------------------------------------

    @invariant()
    def no_exception(self) -> None:
        assert not self.app.exception, [e.value for e in self.app.exception]

    @invariant()
    def no_none_in_the_link(self) -> None:
        assert "None" not in json.dumps(link(self.app)), link(self.app)

    @invariant()
    def every_control_drawn_has_a_value(self) -> None:
        widgets = {
            "q": self.app.get("text_input"),
            "days": self.app.get("select_slider"),
            "topics": self.app.get("multiselect"),
            "participants": self.app.get("multiselect"),
            "formats": self.app.get("button_group"),
            "lang": self.app.get("button_group"),
            "count_by": self.app.get("button_group"),
            "split_by": self.app.get("button_group"),
        }
        for key, found in widgets.items():
            for widget in found:
                if widget.key == key:
                    assert widget.value is not None, key
        # A control not drawn in this run (the toggles in an empty view) is kept by the page.
        kept = urlstate.widget_values(self.app.session_state["view"], OPTIONS)
        assert None not in kept.values(), kept

    @invariant()
    def only_the_open_section_is_drawn(self) -> None:
        view: urlstate.View = self.app.session_state["view"]
        if not self.app.tabs:  # nothing matches: no sections, and the header says so
            assert header(self.app).get("events") == 0
            assert not figures(self.app)
            return
        assert set(figures(self.app)) == SECTION_CHARTS[view.section], view.section
        assert self.app.session_state["section"] == urlstate.section_label(view.section, view.lang)
        assert link(self.app).get("section", [urlstate.View.section]) == [view.section]
        assert bool(self.app.get("html")) == (view.section == "statements")

    @invariant()
    def the_header_agrees_with_the_charts(self) -> None:
        shown = header(self.app)
        for name, count in charted(figures(self.app)).items():
            assert shown[name] == count, (name, shown, charted(figures(self.app)))
        if self.app.get("html"):
            # The statements listed (one page holds the shipped log's events).
            listed = sum(element.proto.body.count("<li>") for element in self.app.get("html"))
            assert shown["points"] == listed, (shown, listed)

    @invariant()
    def colours_and_orders_stay(self) -> None:
        lang = self.app.session_state["lang"]
        for name, figure in figures(self.app).items():
            kind = self._split(name)
            drawn = []
            for thing, colour in colours(figure):
                before = self.start.colours.get((lang, kind, thing))
                assert colour == before, f"{thing} in {name} turned {colour} from {before}"
                drawn.append(thing)
            first = self.start.orders[(lang, kind)]
            assert in_order(drawn, first), f"{kind} reordered: {drawn} after {first}"
            for axis in ("x", "y"):
                whole = self.start.orders[(name, axis)]
                assert in_order(categories(figure, axis), whole), f"{name}'s {axis} reordered"

    @invariant()
    def matrices_keep_their_axes(self) -> None:
        lang = self.app.session_state["lang"]
        for name, figure in figures(self.app).items():
            if not any(trace.get("type") == "heatmap" for trace in figure["data"]):
                continue
            assert axes(figure) == self.start.axes[(lang, name)], f"{name} turned over"
            x, y = categories(figure, "x"), categories(figure, "y")
            start_x, start_y = self.start.orders[(name, "x")], self.start.orders[(name, "y")]
            assert set(x) <= set(start_x) and set(y) <= set(start_y), f"{name} swapped axes"

    # -- helpers ---------------------------------------------------------------------------

    def _button_group(self, key: str) -> Any:
        return next(w for w in self.app.get("button_group") if w.key == key)

    def _drawn(self, key: str) -> bool:
        return any(w.key == key for w in self.app.get("button_group"))

    def _split(self, name: str) -> str:
        """What a chart's coloured traces stand for: the topic chart's split, else the chart."""
        return f"topics:{self.app.session_state['split_by']}" if name == "topics" else name


Reader.TestCase.settings = settings(
    max_examples=MAX_EXAMPLES,
    stateful_step_count=STEPS,
    derandomize=True,
    database=None,  # the same sequences every run, none replayed from an earlier one
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestReader = Reader.TestCase
TestReader.__doc__ = "Any sequence of a reader's clicks keeps every invariant the page promises."


# The shortest sequences the colour/order and matrix-axes invariants failed on before colours,
# orders and axes were fixed from the whole log (dashboard/encoding.py): regression tests.


def _fresh() -> AppTest:
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()


def test_13_may_keeps_its_colour_when_it_is_the_only_day() -> None:
    """Found by the state machine: choose_days(13 May, 13 May) turned 13 May the first day's orange."""

    def colour_of_13_may(app: AppTest) -> str:
        (trace,) = [t for t in figures(app)["topics"]["data"] if t.get("name") == "13 May 2021"]
        return str(trace["marker"]["color"])

    app = _fresh()
    before = colour_of_13_may(app)
    app.sidebar.select_slider(key="days").set_range(DAYS[1], DAYS[1]).run()
    assert colour_of_13_may(app) == before


def test_a_search_keeps_the_attendance_matrix_the_right_way_up() -> None:
    """Found by the state machine: type_a_search("Syria") put the events on x and people on y."""
    app = open_section(_fresh(), "who")
    before = axes(figures(app)["attendance"])
    app.sidebar.text_input(key="q").input("Syria").run()
    assert axes(figures(app)["attendance"]) == before
