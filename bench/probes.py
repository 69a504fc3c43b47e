"""Probes: one timed step each, run in a fresh process, printing what it measured as JSON lines.

A probe starts with empty caches, so what it times is what a new server process pays. It
prints each result as soon as it is known, so a step that runs out of time or memory leaves the
earlier ones behind. ``bench.fresh.run_probe`` starts them; by hand:
``python -m bench.probes KIND ARGS``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.apptest import drive
from bench.cases import ROOT

if TYPE_CHECKING:
    from dashboard.load import Frames
    from dashboard.panels import Chart, ChartSettings

Result = dict[str, Any]


def parse(path: str) -> Result:
    """The fastest bare parse of the log (``yaml_rs``, reading included), and the filter's topic."""
    import yaml_rs

    start = time.perf_counter()
    document: dict[str, Any] = yaml_rs.loads(Path(path).read_text(encoding="utf-8"))  # type: ignore[assignment]  # yaml_rs returns object
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "events": len(document["events"]), "topic": filter_topic(document)}


def filter_topic(document: dict[str, Any]) -> dict[str, Any]:
    """The topic the filter steps choose: the most frequent one that some event lacks.

    A topic every event has would leave the minimal page's chart unchanged (on the shipped log
    the first topic is such a one), and a redraw of an unchanged chart never comes.
    """
    events = document["events"]
    counts = dict.fromkeys((topic["id"] for topic in document["topics"]), 0)
    for event in events:
        for topic in {t for point in event["points"] for t in point["topics"]}:
            counts[topic] = counts.get(topic, 0) + 1
    chosen = max((t for t in counts if 0 < counts[t] < len(events)), key=counts.__getitem__)
    labels = {t["id"]: t["label"].get("en", t["id"]) for t in document["topics"]}
    return {
        "id": chosen,
        "label": labels[chosen],
        "events": counts[chosen],
        "search": search_word(document, chosen),
    }


def search_word(document: dict[str, Any], topic: str) -> str:
    """What the search step types: the longest word of the first quote of a point on ``topic``.

    A quote is in its source's language and searched on every page, so the step finds the
    same statements whatever language the page is in.
    """
    for event in document["events"]:
        for point in event["points"]:
            source = point.get("source")
            if topic in point["topics"] and source:
                word: str = max(source["quote"].split(), key=len)
                return word.strip(".,;:!?\"'()")
    return labels_word(document)


def labels_word(document: dict[str, Any]) -> str:
    """A log without quotes: the first word of its first topic's label."""
    label = next(iter(document["topics"][0]["label"].values()))
    return str(label).split()[0]


def pyyaml(path: str) -> Result:
    """PyYAML's C safe loader on the same text, for comparison."""
    import yaml

    start = time.perf_counter()
    yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - start}


def load(path: str) -> Iterator[Result]:
    """The dashboard's load, then every registered chart built from its frames, each step timed."""
    from dashboard.load import build_frames, read_log

    start = time.perf_counter()
    log = read_log(Path(path))
    read = time.perf_counter()
    frames = build_frames(log, "en")
    built = time.perf_counter()
    yield {"read_log": read - start, "build_frames": built - read, "seconds": built - start}
    yield from _chart_timings(frames, log.document)


def _chart_timings(frames: Frames, document: dict[str, Any]) -> Iterator[Result]:
    """Each chart of ``panels.CHARTS``, and the minimal page's: metric, figure and JSON, timed.

    The charts are drawn for the unfiltered view with the page's default settings, the
    timeline spanning the visit's days as the page's day filter does.
    """
    from bench.minimal_app import per_day
    from dashboard import panels

    visit = frames.visit
    settings = panels.ChartSettings(
        days=(date.fromisoformat(visit["start"]), date.fromisoformat(visit["end"]))
    )
    # The minimal page's chart, from the same document: what one plain bar chart costs.
    events = [
        (str(e["date"]), frozenset(t for p in e["points"] for t in p["topics"]), len(e["points"]))
        for e in document["events"]
    ]
    steps: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]] = {
        "reference": (lambda: events, lambda rows: per_day(rows, set(), "points")),
    }
    for entry in panels.CHARTS:
        steps[entry.name] = _registered(entry, frames, settings)
    # Plotly loads its validators on a figure's first use; paid here, not by whichever is first.
    per_day(events[:1], set()).to_json()
    # The reference first: it is cheap, and every ratio needs it.
    for name, (metric, chart) in steps.items():
        try:
            start = time.perf_counter()
            data = metric()
            measured = time.perf_counter()
            figure = chart(data)
            drawn = time.perf_counter()
            size = len(figure.to_json().encode("utf-8"))
            serialised = time.perf_counter()
        except Exception as error:  # MemoryError under the cap, mostly
            yield {"charts": {name: {"error": f"failed: {type(error).__name__}: {error}"[:200]}}}
            continue
        del data, figure
        timings = {
            "metrics": measured - start,
            "figure": drawn - measured,
            "seconds": drawn - start,
            "to_json": serialised - drawn,
            "json_bytes": size,
        }
        yield {"charts": {name: timings}}


def _registered(
    entry: Chart[Any], frames: Frames, settings: ChartSettings
) -> tuple[Callable[[], Any], Callable[[Any], Any]]:
    """A registered chart's metric and figure steps, as the page calls them."""

    def metric() -> Any:
        return entry.metric(frames, settings, frames)

    def draw(data: Any) -> Any:
        return entry.draw(data, frames.language, settings, frames.encoding)

    return metric, draw


def warm(path: str) -> Result:
    """A load through the frame store, as a restart on an unchanged file makes it."""
    from dashboard.store import load_frames_cached

    start = time.perf_counter()
    load_frames_cached(Path(path), "en")
    return {"seconds": time.perf_counter() - start}


def apptest(
    script: str, topic: str, timeout: str, steps: str, profile_dir: str = "", search: str = ""
) -> Iterator[Result]:
    """The AppTest steps (comma-separated names) of ``script``, with the log from $VISIT_LOG.

    With ``profile_dir``, ``script`` is ``bench/profiled_app.py``, told through the environment
    where to save each run's profile and which step it belongs to.
    """

    def label(step: str) -> None:
        os.environ["BENCH_PROFILE_STEP"] = step

    if profile_dir:
        os.environ["BENCH_PROFILE_DIR"] = profile_dir
    steps_taken = drive(
        ROOT / script,
        topic,
        steps.split(","),
        float(timeout),
        label if profile_dir else None,
        search=search,
    )
    for outcome in steps_taken:
        if outcome.error is not None:
            yield {"errors": {outcome.step: outcome.error}}
        else:
            yield {
                "steps": {outcome.step: outcome.seconds},
                "charts": {outcome.step: outcome.charts},
            }
    yield {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


PROBES: dict[str, Callable[..., Result | Iterator[Result]]] = {
    "parse": parse,
    "pyyaml": pyyaml,
    "load": load,
    "warm": warm,
    "apptest": apptest,
}


def main(argv: list[str]) -> int:
    """Run the probe ``argv[0]`` with the arguments after it; print its results."""
    kind, *args = argv
    results = PROBES[kind](*args)
    for result in [results] if isinstance(results, dict) else results:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
