"""The redraw profile's reading of a figure's JSON and of a JavaScript profile."""

from __future__ import annotations

import json

import numpy as np
import plotly.io as pio

from bench.redraw_profile import figure_sizes, script_by_bundle
from dashboard.load import Frames
from dashboard.panels import ChartSettings, chart, panel


def test_figure_sizes_name_the_chart_and_split_its_bytes_by_field() -> None:
    """A figure's bytes are named by its meta's chart and split into layout and trace fields."""
    spec = json.dumps(
        {
            "data": [{"type": "heatmap", "customdata": [["a"]], "z": [[1]], "colorscale": "x"}],
            "layout": {"meta": {"chart": "grid"}},
        }
    )
    name, sizes = figure_sizes(spec)
    assert name == "grid"
    assert sizes["total"] == len(spec)
    assert sizes["customdata"] == len('[["a"]]') and sizes["z"] == len("[[1]]")
    assert sizes["other trace fields"] == len('"heatmap"') + len('"x"')


def test_script_time_is_counted_by_bundle() -> None:
    """Each sample's gap to the next goes to its code's bundle: plotly.js, Streamlit, the waits."""
    profile = {
        "nodes": [
            {"id": 1, "callFrame": {"url": "http://h/static/js/PlotlyChart.x.js"}},
            {"id": 2, "callFrame": {"url": "http://h/static/js/index.js"}},
            {"id": 3, "callFrame": {"url": "", "functionName": "(garbage collector)"}},
            {"id": 4, "callFrame": {"url": "", "functionName": "predicate"}},
        ],
        "samples": [1, 2, 3, 4, 1],
        "timeDeltas": [0, 2000, 1000, 500, 250],
    }
    assert script_by_bundle(profile) == {
        "plotly.js": 2.0,
        "streamlit front end": 1.0,
        "(garbage collector)": 0.5,
        "benchmark's waits": 0.25,
    }


def test_grids_send_each_hover_once_and_counts_as_four_byte_floats(frames_en: Frames) -> None:
    """A grid's cells send their hover text alone and its counts as float32, not ids and float64."""
    fig = panel(chart("speakers-topics"), frames_en, ChartSettings()).figure
    heat = fig.data[0]
    assert np.asarray(heat.customdata, dtype=object).ndim == 2
    sent = json.loads(pio.to_json(fig, validate=False))["data"][0]
    assert sent["z"]["dtype"] == "f4"
