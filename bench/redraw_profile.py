"""Where a redraw's milliseconds go: the server's run, the websocket, or the browser.

``python -m bench.redraw_profile --events 10000 50000`` serves a generated log of each size,
opens it in headless Chromium and, for each step a reader takes (choosing a topic, then
opening the "Day by day" and "People" tabs), records through the DevTools protocol:

- the server: from sending the rerun to receiving the run's ``script_finished`` message, read
  from the websocket frames, and the server process's CPU seconds from /proc;
- the websocket: the bytes the server sent, and each figure's JSON (the ``plotly_chart`` spec)
  by chart and by field (``customdata``, ``z``, layout ...);
- the browser's main thread: ``Performance.getMetrics`` deltas (tasks, script, layout, style)
  and a sampled JavaScript profile's self time by bundle (plotly.js, the rest of Streamlit's
  front end, the benchmark's own polling, garbage collection).

Each step is taken ``--repeats`` times in fresh tabs; the tables give medians and the first
round's server time apart (later rounds find the view in the server's cache).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import procfs
from bench.browser import VIEWPORT, topic_option, wait_until
from bench.cases import ROOT, budget, generated_case
from bench.fresh import run_probe
from bench.progress import say
from bench.settled import REDRAWN_JS, REMEMBER_JS, SETTLED_JS, WATCH_RUN_JS
from bench.stamp import commit_text, load_text, stamp

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession
    from playwright.sync_api import Page as Tab

OUT = ROOT / "bench" / "results" / "profile-redraw.md"
# JavaScript samples every 200 µs: fine enough for steps of tens of milliseconds.
SAMPLE_US = 200
# The renderer's cumulative main-thread times, in seconds, that a step's delta is read from.
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")
# Figure fields by name; each trace's other fields count as "other trace fields".
FIELDS = ("customdata", "z", "x", "y", "text", "hovertemplate")


@dataclass
class Step:
    """What one step of one round measured."""

    name: str
    wall_ms: float = 0.0
    server_ms: float | None = None
    server_cpu_ms: float = 0.0
    received_bytes: int = 0
    sent_bytes: int = 0
    figures: dict[str, dict[str, int]] = field(default_factory=dict)
    by_element: dict[str, int] = field(default_factory=dict)
    main_thread_ms: dict[str, float] = field(default_factory=dict)
    script_ms: dict[str, float] = field(default_factory=dict)


class Recorder:
    """The DevTools session's websocket frames and profiles, read around one step at a time."""

    def __init__(self, cdp: CDPSession) -> None:
        self.cdp = cdp
        self.frames: list[tuple[str, float, bytes]] = []
        cdp.send("Network.enable")
        cdp.send("Performance.enable")
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": SAMPLE_US})
        cdp.on("Network.webSocketFrameReceived", lambda event: self._frame("in", event))
        cdp.on("Network.webSocketFrameSent", lambda event: self._frame("out", event))

    def _frame(self, way: str, event: dict[str, Any]) -> None:
        response = event["response"]
        data = response["payloadData"]
        # Streamlit's messages are binary (opcode 2), which DevTools hands over in base64.
        payload = base64.b64decode(data) if response["opcode"] == 2 else data.encode()
        self.frames.append((way, float(event["timestamp"]), payload))

    def metrics(self) -> dict[str, float]:
        """The renderer's cumulative main-thread seconds, by ``METRICS`` name."""
        values = self.cdp.send("Performance.getMetrics")["metrics"]
        return {m["name"]: float(m["value"]) for m in values if m["name"] in METRICS}

    @contextlib.contextmanager
    def step(self, step: Step, pid: int) -> Iterator[None]:
        """Record ``step``: everything from entering the block until it returns."""
        self.frames.clear()
        before, cpu = self.metrics(), procfs.cpu_seconds(pid)
        self.cdp.send("Profiler.start")
        start = time.perf_counter()
        yield
        step.wall_ms = (time.perf_counter() - start) * 1000
        profile = self.cdp.send("Profiler.stop")["profile"]
        step.server_cpu_ms = (procfs.cpu_seconds(pid) - cpu) * 1000
        after = self.metrics()
        step.main_thread_ms = {name: (after[name] - before[name]) * 1000 for name in METRICS}
        step.script_ms = script_by_bundle(profile)
        _read_frames(self.frames, step)


def _read_frames(frames: list[tuple[str, float, bytes]], step: Step) -> None:
    """The step's bytes each way, the server's run time and each figure's JSON by field."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    rerun_at = finished_at = None
    for way, at, payload in frames:
        if way == "out":
            step.sent_bytes += len(payload)
            back = BackMsg()
            back.ParseFromString(payload)
            if back.WhichOneof("type") == "rerun_script" and rerun_at is None:
                rerun_at = at
            continue
        step.received_bytes += len(payload)
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        element = _element(message)
        step.by_element[element] = step.by_element.get(element, 0) + len(payload)
        if kind == "script_finished":
            finished_at = at
        elif kind == "delta" and message.delta.new_element.WhichOneof("type") == "plotly_chart":
            spec = message.delta.new_element.plotly_chart.spec
            chart, sizes = figure_sizes(spec)
            step.figures[chart] = sizes
    if rerun_at is not None and finished_at is not None:
        step.server_ms = (finished_at - rerun_at) * 1000


def _element(message: Any) -> str:
    """What a message carries: its element's type for a new element, else its own type."""
    kind = str(message.WhichOneof("type"))
    if kind != "delta":
        return kind
    delta = message.delta
    what = str(delta.WhichOneof("type"))
    if what == "new_element":
        return str(delta.new_element.WhichOneof("type"))
    return what


def figure_sizes(spec: str) -> tuple[str, dict[str, int]]:
    """A figure's name (its ``layout.meta.chart``) and its JSON's bytes: all, then by field."""
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    sizes = {"total": len(spec.encode()), "layout": _size(layout)}
    for trace in figure.get("data", []):
        for name, value in trace.items():
            key = name if name in FIELDS else "other trace fields"
            sizes[key] = sizes.get(key, 0) + _size(value)
    meta = layout.get("meta", {})
    return str(meta.get("chart", "?") if isinstance(meta, dict) else "?"), sizes


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def script_by_bundle(profile: dict[str, Any]) -> dict[str, float]:
    """A sampled JavaScript profile's self time in ms, by where the code comes from.

    Plotly.js is the ``PlotlyChart`` chunk of Streamlit's front end; the benchmark's waits run
    as Playwright's evaluated scripts; "(program)" is the browser's own work outside JavaScript
    (style, layout, paint, parsing), as the profiler sees it.
    """
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    spent: dict[str, float] = {}
    # A sample's time is the gap until the next one.
    for sample, gap in zip(profile.get("samples", []), [*deltas[1:], 0], strict=True):
        area = _bundle(nodes[sample])
        spent[area] = spent.get(area, 0.0) + gap / 1000
    return spent


def _bundle(frame: dict[str, Any]) -> str:
    url, name = frame.get("url", ""), frame.get("functionName", "")
    if "PlotlyChart" in url:
        return "plotly.js"
    if "/static/" in url:
        return "streamlit front end"
    if name in {"(idle)", "(program)", "(garbage collector)"}:
        return str(name)
    if not url or "playwright" in url or url.startswith("debugger://"):
        return "benchmark's waits"
    return "other"


def _tab_step(tab: Tab, label: str, charts: int, timeout: float) -> None:
    """Open the tab called ``label`` and wait until its run has ended and ``charts`` are drawn."""
    tab.evaluate(WATCH_RUN_JS)
    tab.get_by_role("tab", name=label, exact=True).click(timeout=30_000)
    wait_until(tab, SETTLED_JS, charts, timeout)


def profile_log(events: int, seed: int, repeats: int) -> dict[str, Any]:
    """Every step of every round at ``events`` events, served and drawn in Chromium."""
    from playwright.sync_api import sync_playwright

    from dashboard.i18n import t
    from dashboard.server import CHROMIUM, CHROMIUM_ARGS, serve

    case = generated_case(events, seed)
    timeout = budget(events)
    topic = run_probe("parse", str(case.path), timeout=timeout)["topic"]
    rounds: list[list[Step]] = []
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(serve(env={"VISIT_LOG": str(case.path)}, timeout=120))
        pid = procfs.server_pid(int(url.rsplit(":", 1)[1]))
        if pid is None:
            raise RuntimeError(f"no process listens on {url}")
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        for round_ in range(repeats):
            say(f"{events:,} events: round {round_ + 1} of {repeats}")
            context = browser.new_context(viewport=VIEWPORT)
            tab = context.new_page()
            tab.set_default_timeout(timeout * 1000)
            recorder = Recorder(context.new_cdp_session(tab))
            steps = [Step("first view"), Step("choose a topic")]
            steps += [Step("open “Day by day”"), Step("open “People”")]
            with recorder.step(steps[0], pid):
                tab.goto(url, wait_until="commit", timeout=timeout * 1000)
                wait_until(tab, SETTLED_JS, 0, timeout)
            option = topic_option(tab, topic["label"])
            tab.evaluate(REMEMBER_JS)
            with recorder.step(steps[1], pid):
                option.click()
                wait_until(tab, REDRAWN_JS, 0, timeout)
            # The open option list hides the rest of the page from the accessibility tree.
            tab.keyboard.press("Escape")
            # The timeline is the one chart of its section, and the largest figure of a log.
            with recorder.step(steps[2], pid):
                _tab_step(tab, t("section.when", "en"), 1, timeout)
            with recorder.step(steps[3], pid):
                _tab_step(tab, t("section.who", "en"), 0, timeout)
            rounds.append(steps)
            context.close()
    return {"events": events, "log": case.path, "topic": topic, "rounds": rounds}


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _kb(value: float) -> str:
    return f"{value / 1000:,.1f}"


def summary(profiles: list[dict[str, Any]]) -> list[str]:
    """The tables of each log's profile, as Markdown lines."""
    lines: list[str] = []
    for profile in profiles:
        rounds: list[list[Step]] = profile["rounds"]
        names = [step.name for step in rounds[0]]
        lines += [
            "",
            f"## {profile['events']:,} events",
            "",
            f"Log `{Path(profile['log']).relative_to(ROOT)}`; topic chosen: "
            f"“{profile['topic']['label']}” (`{profile['topic']['id']}`); "
            f"{len(rounds)} rounds, medians (first round's server run apart).",
            "",
            "| Step | Wall | Server run (first) | Server CPU | Received | Main thread: tasks"
            " | script | layout | style | plotly.js | Streamlit's JS | (program) | GC |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for at, name in enumerate(names):
            steps = [each[at] for each in rounds]

            def med(read: Callable[[Step], float | None], steps: list[Step] = steps) -> str:
                return _ms(_median([read(step) for step in steps]))

            received = _median([step.received_bytes for step in steps]) or 0.0
            lines.append(
                f"| {name} | {med(lambda s: s.wall_ms)} ms"
                f" | {med(lambda s: s.server_ms)} ms ({_ms(steps[0].server_ms)})"
                f" | {med(lambda s: s.server_cpu_ms)} ms | {_kb(received)} kB"
                f" | {med(lambda s: s.main_thread_ms['TaskDuration'])}"
                f" | {med(lambda s: s.main_thread_ms['ScriptDuration'])}"
                f" | {med(lambda s: s.main_thread_ms['LayoutDuration'])}"
                f" | {med(lambda s: s.main_thread_ms['RecalcStyleDuration'])}"
                f" | {med(lambda s: s.script_ms.get('plotly.js', 0.0))}"
                f" | {med(lambda s: s.script_ms.get('streamlit front end', 0.0))}"
                f" | {med(lambda s: s.script_ms.get('(program)', 0.0))}"
                f" | {med(lambda s: s.script_ms.get('(garbage collector)', 0.0))} |"
            )
        lines += ["", "Received, by what the message carries (the last round, kB):", ""]
        kinds = sorted(
            {kind for step in rounds[-1] for kind in step.by_element},
            key=lambda kind: -max(step.by_element.get(kind, 0) for step in rounds[-1]),
        )
        lines += [
            "| Step | " + " | ".join(kinds) + " |",
            "|---|" + "---:|" * len(kinds),
        ]
        for step in rounds[-1]:
            cells = " | ".join(_kb(step.by_element.get(kind, 0)) for kind in kinds)
            lines.append(f"| {step.name} | {cells} |")
        lines += ["", "Figures sent, by chart (the last round's JSON, kB):", ""]
        charts: dict[str, dict[str, int]] = {}
        for step in rounds[-1]:
            charts.update(step.figures)
        fields = ["total", "layout", *FIELDS, "other trace fields"]
        lines += [
            "| Chart | " + " | ".join(fields) + " |",
            "|---|" + "---:|" * len(fields),
        ]
        for chart, sizes in charts.items():
            lines.append(
                f"| {chart} | " + " | ".join(_kb(sizes.get(name, 0)) for name in fields) + " |"
            )
    return lines


def _header(argv: Sequence[str]) -> list[str]:
    meta = stamp()
    return [
        "# Where a redraw's milliseconds go: server, websocket or the browser",
        "",
        f"- Command: `flock /work/bench.lock python -m bench.redraw_profile {' '.join(argv)}`",
        f"- {meta['date']}; commit {commit_text(meta)}; {meta['nproc']} CPUs, {meta['cpu']}"
        f"{load_text(meta)}; headless Chromium.",
        "- Server run: from the browser sending the rerun to its receiving the run's"
        " `script_finished`, both read from the websocket's frames in DevTools. Server CPU: the"
        " `streamlit` process's utime + stime over the step (/proc).",
        "- Main thread: deltas of `Performance.getMetrics` (TaskDuration, ScriptDuration,"
        " LayoutDuration, RecalcStyleDuration); plotly.js, Streamlit's JS, (program) and GC: a"
        f" sampled JavaScript profile's self time ({SAMPLE_US} µs), by bundle. The waits poll"
        " the page on every animation frame, so a step's script time includes a little of"
        " theirs.",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Profile each size and write the summary to ``--out``."""
    parser = argparse.ArgumentParser(prog="python -m bench.redraw_profile", description=__doc__)
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    shown = list(sys.argv[1:] if argv is None else argv)
    header = _header(shown)
    profiles = [profile_log(events, args.seed, args.repeats) for events in args.events]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join([*header, *summary(profiles)]) + "\n", encoding="utf-8")
    say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
