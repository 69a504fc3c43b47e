"""The one place the charts' look is decided: template, palette, fonts, label text and layout.

Every figure sets ``template=TEMPLATE`` explicitly: importing streamlit replaces plotly's default
template with one whose colours export as black through kaleido, so no chart may rely on it.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import format_day, t
from dashboard.metrics import Kept

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Black goes last in the colorway: as a fill it reads as a shadow, not as a category.
BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE)
COLORWAY = (ORANGE, SKY_BLUE, GREEN, BLUE, VERMILLION, PURPLE, YELLOW, BLACK)

# In person vs virtual: the pair with the most contrast in lightness as well as hue, so it
# survives greyscale printing too. Hatching differs as well, for readers who see no colour.
FORMAT_COLORS = {"in-person": BLUE, "virtual": ORANGE}
FORMAT_HATCH = {"in-person": "/", "virtual": "x"}
FORMAT_SYMBOLS = {"in-person": "circle", "virtual": "diamond"}
OTHER_COLOR = "#999999"

# Sequential scale for counts: very light blue to Okabe–Ito sky blue, one hue, so order reads the
# same with any colour vision. It stops at sky blue so that a cell's number, always dark text,
# keeps 4.5:1 on every shade (6.3:1 on the darkest); tests/test_charts.py checks the scale.
# Cells with nothing in them are not coloured at all.
COUNT_SCALE = ((0.0, "#E3F2FB"), (1.0, SKY_BLUE))
# A heatmap's counts as 4-byte floats (NaN for an empty cell), exact to 16 million: Plotly sends
# a float array as base64 bytes, half as many as float64's.
COUNTS = "float32"
EMPTY_CELL = "#F4F4F4"
# A filled cell of a yes/no grid (attended), dark text on it.
YES_CELL = SKY_BLUE
# A person's own count on a who-met-whom grid: neutral, apart from the pairs' blue scale.
OWN_CELL = "#D9D9D9"
TEXT_COLOR = "#1F2A36"
# Subtitles and notes: quieter than the titles, still 7:1 on white.
QUIET_TEXT = "#45505C"
GRID_COLOR = "#D0D7DD"
# The whole visit behind a filtered view: a light fill, and an outline that holds 3:1 on white.
CONTEXT_COLOR = "#E4E8EC"
CONTEXT_LINE = "#8A949E"
# Subtitle lines wrap at about what a phone's figure holds at 12 px.
SUBTITLE_CHARS = 56
TITLE_CHARS = 36

FONT_FAMILY = '"Noto Sans", "Noto Sans Devanagari", sans-serif'

# Plotly's mode bar sits over the figure's top-right corner, and on a touch screen it never hides.
# Titles start below it, so a long title (Devanagari runs wide) is never covered on a phone.
MODEBAR_HEIGHT = 30
# About how wide a character of tick text is at 13 px, Latin or Devanagari: enough to reserve
# room for a label turned upright, never a measurement.
CHAR_WIDTH = 7.5
# Tick labels may lie flat or stand upright, never slant: slanted labels stick out past the
# plot's corners and pile up. Plotly tries the angles in order and takes the first that fits,
# so one figure reads flat on a laptop and upright on a phone.
FLAT_OR_UPRIGHT = [0, -90]


# What the figures draw, and nothing else: the template keeps plotly_white's look for these trace
# types and the cartesian axes only. Its other parts (polar, geo, 3-D scenes, twenty other trace
# types) went with every figure to the browser, 60 to 80 per cent of a small chart's JSON, and
# changed nothing (tests/test_charts.py proves no figure uses them).
TRACE_TYPES = ("bar", "heatmap", "scatter")
_UNUSED_LAYOUT = ("polar", "ternary", "scene", "geo", "coloraxis", "colorscale", "mapbox", "map")


def _template() -> dict[str, Any]:
    white = pio.templates["plotly_white"].to_plotly_json()
    data = {kind: white["data"][kind] for kind in TRACE_TYPES}
    # Every heatmap sets its own scale, so the template's default one is never drawn.
    data["heatmap"] = [
        {k: v for k, v in trace.items() if k != "colorscale"} for trace in data["heatmap"]
    ]
    layout = {k: v for k, v in white["layout"].items() if k not in _UNUSED_LAYOUT}
    layout |= {
        "colorway": list(COLORWAY),
        "font": {"family": FONT_FAMILY, "size": 13, "color": TEXT_COLOR},
        # Dark text on white, bordered in the trace's colour: Plotly's default fills the label
        # with the trace's colour, and white on sky blue or orange is 2.3:1.
        "hoverlabel": {
            "align": "left",
            "bgcolor": "white",
            "font": {"family": FONT_FAMILY, "size": 13, "color": TEXT_COLOR},
        },
        # Title pinned to the figure's top-left and the legend in a row above the plot: neither
        # can run into the other, and on a phone the legend takes no width from the plot.
        "title": {
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": MODEBAR_HEIGHT + 4, "l": 12},
            "font": {"size": 17},
        },
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "xanchor": "left",
            "x": 0,
            "title": {"side": "left"},
        },
    }
    return {"data": data, "layout": layout}


TEMPLATE = _template()


def escape(text: object) -> str:
    """User text made safe for Plotly's HTML-like markup: tags show as typed, never render."""
    return html.escape(str(text), quote=True)


def wrap_lines(text: object, width: int) -> str:
    """Escaped text broken on words into lines of about ``width`` characters, never cut.

    For tick labels that must show a label whole: a cut ("…") fell on the very word that carried
    a Hindi label's meaning.
    """
    lines = textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False) or [""]
    return "<br>".join(escape(line) for line in lines)


def row_title(text: str) -> dict[str, Any]:
    """The rows' title as an annotation lying flat above their labels, in the top-left corner.

    A y-axis title stands upright, which turns Devanagari on its side.
    """
    return {
        "text": escape(text),
        "xref": "paper",
        "x": 0,
        "xanchor": "right",
        "xshift": -8,
        "yref": "paper",
        "y": 1,
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 14},
    }


def relative_luminance(color: str) -> float:
    """WCAG 2.1's relative luminance of a ``#RRGGBB`` colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    dark, light = sorted((relative_luminance(first), relative_luminance(second)))
    return (light + 0.05) / (dark + 0.05)


def label_color(fill: str) -> str:
    """Text on ``fill``: white where it holds 4.5:1, else the dark text colour where that does,
    else black (green #009E73 holds 4.5:1 with neither white nor the text colour)."""
    for text in ("#FFFFFF", TEXT_COLOR):
        if contrast(fill, text) >= 4.5:
            return text
    return "#000000"


def label(key: str, lang: str) -> str:
    """An interface string, escaped (our own strings are safe, but hover text is markup)."""
    return escape(t(key, lang))


def hover(lines: Sequence[tuple[str, str]], heading: str = "%{customdata[1]}") -> str:
    """A hovertemplate: a bold heading, then "label: value" lines; no trace name box.

    Args:
        lines: (escaped label, value placeholder) pairs, e.g. ("Kind", "%{customdata[2]}");
            an empty label shows the value alone.
        heading: The first line, a placeholder for the item's (escaped) name.
    """
    body = "<br>".join(f"{name}: {value}" if name else value for name, value in lines)
    return f"<b>{heading}</b><br>{body}<extra></extra>"


def figure(
    traces: list[dict[str, Any]],
    title: str,
    *,
    x_title: str,
    y_title: str,
    height: int,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    legend_title: str | None = None,
    meta: dict[str, Any] | None = None,
    kept: Sequence[Kept] = (),
    lang: str = "en",
    key: str = "",
    source: str = "",
    top_room: int = 0,
    plot_height: int | None = None,
    **layout: Any,
) -> FrozenFigure:
    """A figure with the shared look: explicit template, escaped title and axis titles, height.

    Figures are built from plain dicts, without Plotly's check of every property on the way: the
    checks cost 50 to 100 ms a figure, far more than the data. tests/test_charts.py validates
    every chart's output once, so a typo in a property still fails there.

    Args:
        traces: The traces, as plain dicts with their ``type``.
        title: Unescaped title text.
        x_title: Unescaped x-axis title.
        y_title: Unescaped y-axis title.
        height: Height in pixels; width is left to the page.
        xaxis: The x-axis' own properties (the title and automargin are added here).
        yaxis: The y-axis' own properties.
        legend_title: Unescaped legend title, or None for no legend.
        meta: What the page needs to map a click back to ids, stored as ``layout.meta``.
        kept: How many items of each axis the metric kept, of how many (its result's
            ``Kept``); where it kept only the top ones, the subtitle says so.
        lang: The language of that subtitle.
        key: What one mark counts and what the colours mean, for the subtitle, unescaped;
            wrapped on words at ``SUBTITLE_CHARS``.
        source: The source line ("Source: …"), unescaped: the subtitle's last line, so a figure
            shown or saved alone says where its numbers come from.
        top_room: Pixels to keep between the subtitle and the plot, for labels on top of it:
            Plotly's automargin makes room for them or for the title, not for both.
        plot_height: The plot's own height in pixels, when it must be exact (a grid whose rows
            are sized to their labels): the figure's height is then this plus its margins, and
            ``height`` is ignored.
        **layout: Any other layout properties.
    """
    note = " · ".join(part for part in (key, shown_note(kept, lang)) if part)
    lines = [wrap_lines(part, SUBTITLE_CHARS) for part in (note, source) if part]
    subtitle = "<br>".join(lines)
    # A title states a finding and can be long: Plotly never wraps it, and on a phone it ran
    # off the figure's right edge.
    heading = wrap_lines(title, TITLE_CHARS)
    # What the title and subtitle take beyond one line each: the figure grows by it, so a long
    # finding never squeezes the plot (the timeline's bars hid "time not reported").
    # A wrapped title's lines count twice: once for the line, once for the pad that keeps its
    # first line below the mode bar (see "pad" below).
    extra = 44 * heading.count("<br>") + 16 * subtitle.count("<br>")
    spec: dict[str, Any] = {
        "template": TEMPLATE,
        "title": {
            "text": heading,
            # Plotly anchors a wrapped title by its first line and lifts the block by the lines
            # below it: pushed down as far, it stays clear of a touch screen's mode bar.
            "pad": {"t": MODEBAR_HEIGHT + 4 + 22 * heading.count("<br>"), "l": 12},
            "subtitle": {"text": subtitle, "font": {"size": 12, "color": QUIET_TEXT}},
        },
        "height": height + extra,
        "margin": {
            "l": 12,
            "r": 12,
            "t": (96 if legend_title is not None else 64)
            + MODEBAR_HEIGHT
            + (16 if subtitle else 0)
            + extra
            + top_room,
            "b": 48,
        },
        "showlegend": legend_title is not None,
        "legend": {"title": {"text": escape(legend_title or "")}},
        "hoverlabel": {"namelength": -1},
        "meta": meta or {},
        "xaxis": {**(xaxis or {}), "title": {"text": escape(x_title)}, "automargin": True},
        "yaxis": {
            **(yaxis or {}),
            "title": {"text": escape(y_title)},
            "automargin": True,
            "ticklabelstandoff": 6,
        },
    }
    for name, value in layout.items():
        spec[name] = {**spec[name], **value} if isinstance(spec.get(name), dict) else value
    if plot_height is not None:
        spec["height"] = spec["margin"]["t"] + plot_height + spec["margin"]["b"]
    return FrozenFigure({"data": traces, "layout": spec}, _validate=False)


class FrozenFigureError(TypeError):
    """A frozen figure was asked to change."""


class FrozenFigure(go.Figure):  # type: ignore[misc]  # plotly ships no type hints
    """A figure that refuses every change once it is drawn, so its dict is made once.

    Cached views share their figures across every session (dashboard/model.py), so a change to
    one would show in every reader's page: a change raises :class:`FrozenFigureError` instead.
    Whoever needs a changed figure changes a copy (:func:`thawed`).

    Every change goes through one of a few of Plotly's hooks. Frozen, the figure stays in
    Plotly's batch mode, in which a property set on the layout or a trace (``update_layout``,
    ``update_traces``, ``fig.layout.title.text = ...``, ``add_annotation``) is held back and
    only reported to ``_relayout_child`` or ``_restyle_child``, which refuse it; the
    ``plotly_relayout``/``plotly_restyle``/``plotly_update`` family edits through the two
    ``_perform_plotly_*`` methods; ``add_trace`` and its kin go through ``add_traces``; and
    ``fig.data = ...``, ``fig.layout = ...`` through ``__setattr__``. Values changed in place
    (an item of a trace's array, a key of ``layout.meta``) are out of its reach.

    Streamlit calls ``to_dict()`` and then plotly.io.to_json on every run. Plotly's to_dict
    deep-copies the whole figure each time, and one object array (customdata, text) or Timestamp
    in it sends to_json through Plotly's per-value cleaning instead of straight to orjson: at
    10,000 events the five charts cost 180 ms a run, the timeline's cleaning 60 ms of it. So the
    first call copies the figure and makes it plain JSON, and every call gets a shallow copy of
    that; the figure never changes, so that copy never goes stale.
    """

    _dict: dict[str, Any] | None = None
    _frozen = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built unvalidated (see ``figure``), the layout and traces would write a property
        # straight into their dicts; validated, a set goes through batch mode, which holds it
        # back from the dicts and reports it to the hooks below. Plotly's own construction
        # above (the template) went through before.
        for part in (self, self._layout_obj, *self._data_objs):
            part._validate = True
        self._in_batch_mode = True
        self._frozen = True

    def to_dict(self) -> dict[str, Any]:
        if self._dict is None:
            self._dict = json_ready(super().to_dict())
        # plotly.io.to_json pops each trace's "uid": the trace dicts are copied, their values shared.
        return {
            "data": [dict(trace) for trace in self._dict["data"]],
            "layout": dict(self._dict["layout"]),
        }

    def _refuse(self, change: str) -> None:
        if self._frozen:
            raise FrozenFigureError(
                f"this figure is frozen: it is cached and shared by every session, so {change} "
                "would change every reader's chart; change a copy (dashboard.charts.style.thawed)"
            )

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_"):  # fig.data = ..., fig.layout = ..., fig.frames = ...
            self._refuse(f"setting its {name}")
        super().__setattr__(name, value)

    def _relayout_child(self, child: Any, key_path_str: str, val: Any) -> None:
        self._refuse(f"setting layout.{key_path_str}")
        super()._relayout_child(child, key_path_str, val)

    def _restyle_child(self, child: Any, key_path_str: str, val: Any) -> None:
        self._refuse(f"setting a trace's {key_path_str}")
        super()._restyle_child(child, key_path_str, val)

    def _perform_plotly_relayout(self, relayout_data: Any) -> Any:
        self._refuse("a relayout")
        return super()._perform_plotly_relayout(relayout_data)

    def _perform_plotly_restyle(self, restyle_data: Any, trace_indexes: Any) -> Any:
        self._refuse("a restyle")
        return super()._perform_plotly_restyle(restyle_data, trace_indexes)

    def add_traces(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse("adding traces")
        return super().add_traces(*args, **kwargs)


def thawed(figure: go.Figure) -> go.Figure:
    """A plain copy of ``figure`` that may be changed, the frozen original left as it is.

    Built from Plotly's own dict of the figure, a deep copy, so no value is shared with it.
    """
    return go.Figure(go.Figure.to_dict(figure), skip_invalid=False)


def json_ready(value: Any) -> Any:
    """``value`` with object and datetime arrays as lists and timestamps as ISO strings.

    Numeric arrays stay arrays (orjson writes them, and Plotly's to_dict has already made them
    base64). An object array's items are taken as they are: the figures put only text and numbers
    in them, which tests/test_charts.py checks by serialising every figure with orjson.
    """
    if isinstance(value, dict):
        return {name: json_ready(item) for name, item in value.items()}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            return np.datetime_as_string(value).tolist()
        return value.tolist() if value.dtype.kind in "OUS" else value
    if isinstance(value, list | tuple):
        # Lists of scalars (the common case, and long) are kept; containers and timestamps convert.
        return [json_ready(item) for item in value] if any(map(_needs_conversion, value)) else value
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _needs_conversion(item: Any) -> bool:
    return isinstance(item, dict | list | tuple | np.ndarray | pd.Timestamp)


def shown_note(kept: Sequence[Kept], lang: str) -> str:
    """ "Showing the 40 most frequent of 300 topics …" where metrics kept only the top items, else ""."""
    parts = [
        t(f"chart.shown.{axis.axis}", lang, shown=f"{axis.shown:,}", total=f"{axis.of:,}")
        for axis in sorted(kept, key=lambda axis: axis.axis)
        if axis.shown < axis.of
    ]
    return t("chart.shown", lang, parts=", ".join(parts)) if parts else ""


def rows_height(rows: int, per_row: int = 44, chrome: int = 170, minimum: int = 300) -> int:
    """A height that grows with the number of rows, so labels never overlap."""
    return max(minimum, chrome + per_row * rows)


def upright_room(ticks: Sequence[str]) -> int:
    """Pixels tick labels need across their axis if they stand upright (``FLAT_OR_UPRIGHT``)."""
    lines = [line for tick in ticks for line in tick.split("<br>")]
    longest = max((len(html.unescape(line)) for line in lines), default=0)
    return round(CHAR_WIDTH * longest)


def day_label(day: date, lang: str) -> str:
    """A day as tick and hover text, escaped."""
    return escape(format_day(day, lang))
