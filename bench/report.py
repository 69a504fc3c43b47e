"""The benchmark's report: the results dict in, Markdown out, and nothing else.

Pure: it reads no file and no clock, so tests compare its exact output for a fixture. Each
section is a table with one row per log (or several), built from one measurement group; a
group that failed shows its reason in its row, one left out (``--skip-browser``) says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bench import goals
from bench.apptest import STEPS
from bench.goals import Verdict
from bench.measure import PYYAML_MAX
from bench.stamp import commit_text, load_text

Case = dict[str, Any]
Rows = list[list[str]]


def markdown(results: dict[str, Any]) -> str:
    """The report: the run's context, the goals' verdicts, then one table per measurement group."""
    meta, cases = results["meta"], results["cases"]
    lines = [
        *context(meta),
        *goal_table(cases),
        *load_table(cases),
        *chart_table(cases),
        *apptest_table(cases),
        *browser_table(cases),
        *cpu_table(cases),
        *memory_table(cases),
    ]
    return "\n".join(lines) + "\n"


def context(meta: dict[str, Any]) -> list[str]:
    """When, where and how the run was made."""
    commit = commit_text(meta)
    return [
        "# Benchmark results",
        "",
        f"- Date: {meta['date']}",
        f"- Machine: {meta['nproc']} CPUs, {meta['cpu']}, {meta['memory_gb']} GB memory; Python {meta['python']}{load_text(meta)}",
        f"- Commit: {commit}",
        f"- Command: `{' '.join(meta['argv'])}` (synthetic logs: `bench/generate.py`, seed {meta['seed']})",
        "",
        "Ratios compare with a reference measured in the same run, so they survive a noisy, shared",
        "machine; absolute times are for information. Each figure is the median of the runs shown",
        "in the Runs column; steps that depend on caches run in a fresh process each time.",
        "",
    ]


def table(header: list[str], rows: Rows) -> list[str]:
    """A Markdown table, then a blank line."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def section(
    title: str,
    prose: list[str],
    header: list[str],
    cases: list[Case],
    group: str,
    rows: Callable[[Case, dict[str, Any]], Rows],
) -> list[str]:
    """A titled table of ``rows(case, case[group])`` for each case; a failed or skipped group
    is one row saying so."""
    body: Rows = []
    for case in cases:
        measured = case.get(group, {"error": "not measured"})
        failed = failed_row(case["label"], measured, len(header))
        body += [failed] if failed else rows(case, measured)
    return [f"## {title}", "", *prose, "", *table(header, body)]


def failed_row(label: str, group: dict[str, Any], width: int) -> list[str] | None:
    """The row of a group that failed or was skipped, ``width`` cells wide; None otherwise."""
    if "error" in group:
        return [label, group["error"], *[""] * (width - 2)]
    if group.get("skipped"):
        return [label, "skipped (--skip-browser)", *[""] * (width - 2)]
    return None


def goal_table(cases: list[Case]) -> list[str]:
    """Every goal on every log it is set for: the measured number and met, missed or why not."""
    rows = [[v.goal.text, v.label, _measured(v), _verdict(v)] for v in goals.verdicts(cases)]
    return ["## Goals", "", *table(["Goal", "Events", "Measured", "Verdict"], rows)]


def _measured(judged: Verdict) -> str:
    if judged.value is None:
        return "n/a"
    return x(judged.value) if judged.goal.unit == "×" else s(judged.value)


def _verdict(judged: Verdict) -> str:
    if judged.met is None:
        return f"not measured: {judged.reason}"
    return "met" if judged.met else "missed"


def load_table(cases: list[Case]) -> list[str]:
    """The load against the bare parse, and the warm start through the frame store."""
    header = [
        "Events",
        "File",
        "Runs",
        "Bare parse (yaml_rs)",
        "PyYAML CSafeLoader",
        "read_log",
        "build_frames",
        "Load (read_log + build_frames)",
        "Load ÷ parse",
        "Goal",
        "Warm start",
        "Warm ÷ parse",
        "Goal",
    ]
    prose = [
        '`read_log(path)` + `build_frames(log, "en")` in a fresh process, against the fastest bare',
        "parse of the same file (`yaml_rs.loads` of its text, reading included); PyYAML's C loader",
        f"beside it (ratio to `yaml_rs` in brackets; only up to {PYYAML_MAX:,} events).",
        "Warm start: `dashboard.store.load_frames_cached(path, lang)` in a second fresh process.",
    ]
    return section("Load", prose, header, cases, "load", _load_rows)


def _load_rows(case: Case, load: dict[str, Any]) -> Rows:
    pyyaml = (
        f"{s(load['pyyaml'])} ({x(load['pyyaml_ratio'])})"
        if load.get("pyyaml") is not None
        else "not run"
    )
    return [
        [
            case["label"],
            mb(case["file_bytes"]),
            str(case["repeats"]),
            s(load["parse"]),
            pyyaml,
            s(load["read_log"]),
            s(load["build_frames"]),
            s(load["load"]),
            x(load["ratio"]),
            goals.mark((goals.LOAD,), case),
            s(load["warm"]),
            x(load["warm_ratio"]),
            goals.mark((goals.WARM_START,), case),
        ]
    ]


def chart_table(cases: list[Case]) -> list[str]:
    """Each registered chart's metric and figure, against the minimal page's one chart."""
    header = [
        "Events",
        "Chart",
        "Metrics",
        "Figure",
        "Metrics + figure",
        "÷ reference",
        "JSON",
        "÷ reference JSON",
        "to_json",
    ]
    prose = [
        "Each chart of `panels.CHARTS`: its metric and its figure, as the page calls them for the",
        "unfiltered frames (English, default settings), and the size of `fig.to_json()`, what goes",
        "to the browser; ratios to the minimal page's one bar chart built from the same log.",
    ]
    return section("Charts", prose, header, cases, "load", _chart_rows)


def _chart_rows(case: Case, load: dict[str, Any]) -> Rows:
    label, charts = case["label"], dict(load["charts"])
    reference = charts.pop("reference")
    rows = [_chart_row(label, "reference: the minimal page's", reference, reference)]
    rows += [_chart_row(label, name, chart, reference) for name, chart in charts.items()]
    if charts and all("error" not in c for c in [*charts.values(), reference]):
        seconds = sum(c["seconds"] for c in charts.values())
        size = sum(c["json_bytes"] for c in charts.values())
        shown = f"all {len(charts)} (`panels.CHARTS`)"
        rows.append(
            [
                *(label, shown, "", ""),
                *(s(seconds), x(seconds / reference["seconds"])),
                *(mb(size), x(size / reference["json_bytes"]), ""),
            ]
        )
    return rows


def _chart_row(
    label: str, shown: str, chart: dict[str, Any], reference: dict[str, Any]
) -> list[str]:
    """One chart's row; its ratios are "—" when the reference failed."""
    if "error" in chart:
        return [label, shown, chart["error"], *[""] * 6]
    base = None if "error" in reference else reference
    return [
        label,
        shown,
        s(chart["metrics"]),
        s(chart["figure"]),
        s(chart["seconds"]),
        x(chart["seconds"] / base["seconds"]) if base else "—",
        mb(chart["json_bytes"]),
        x(chart["json_bytes"] / base["json_bytes"]) if base else "—",
        s(chart["to_json"]),
    ]


APPTEST_GOALS = {
    "first": (goals.FIRST_RUN,),
    "filter": (goals.FILTER, goals.FILTER_SECONDS),
    "second_cached": (goals.CACHED_VIEW,),
}


def apptest_table(cases: list[Case]) -> list[str]:
    """Each AppTest step on the dashboard against its reference step on the minimal page."""
    header = [
        "Events",
        "Runs",
        "Step",
        "Dashboard",
        "Minimal page's step",
        "Minimal",
        "Ratio",
        "Goal",
    ]
    prose = [
        "`AppTest.from_file(script)` with `VISIT_LOG` set, in a fresh process per page and run,",
        "each step one timed `run()`: the first run (cold caches); a topic chosen in the `topics`",
        "filter (the most frequent one that some event lacks; its id is in results.json); the",
        "count toggled (`count_by`); the language switched (`lang`). Then a second session, a new",
        "AppTest in the same process: its first run, and the same topic chosen, a view the first",
        "session made. Each ratio divides by the minimal page's step named beside it, measured in",
        "the same run; the minimal page (`bench/minimal_app.py`) has no language to switch.",
        "AppTest reruns the whole script even for a widget inside an `st.fragment`; the server",
        "CPU measure below, in a browser, sees a fragment's own rerun.",
    ]
    return section("AppTest", prose, header, cases, "apptest", _apptest_rows)


def _apptest_rows(case: Case, apptest: dict[str, Any]) -> Rows:
    labels = {step.name: step.label for step in STEPS}
    dashboard, minimal, ratios = apptest["dashboard"], apptest["minimal"], apptest["ratios"]
    return [
        [
            case["label"],
            str(case["repeats"]),
            step.label,
            _step_time(dashboard, step.name),
            "same" if step.reference == step.name else labels[step.reference],
            _step_time(minimal, step.reference),
            x(ratios[step.name]) if step.name in ratios else "n/a",
            goals.mark(APPTEST_GOALS.get(step.name, ()), case),
        ]
        for step in STEPS
    ]


def _step_time(page: dict[str, Any], step: str) -> str:
    if step in page["steps"]:
        return s(page["steps"][step])
    return str(page["errors"].get(step, "n/a"))


def browser_table(cases: list[Case]) -> list[str]:
    """First chart (cold, warm) and redraw in Chromium, the dashboard against the minimal page."""
    header = [
        "Events",
        "Runs",
        "Cold first chart: dashboard",
        "minimal",
        "Warm first chart: dashboard",
        "minimal",
        "ratio",
        "Goal",
        "Redraw after filter: dashboard",
        "minimal",
        "ratio",
        "Goal",
    ]
    prose = [
        "Each page served by `streamlit run` and opened in Chromium: seconds from navigation until",
        "every chart is drawn (on the dashboard, those of the tab it opens on, the topic chart; one",
        "on the minimal page). Cold: the first navigation after the server starts (the log is read",
        "then). Warm: a new tab afterwards. Redraw: from clicking that same topic in the `topics`",
        "multiselect until every chart has new data and the run has ended.",
    ]
    errors = [
        f"- {case['label']}, {name}: {error}"
        for case in cases
        for name in ("dashboard", "minimal")
        for error in case["browser"].get(name, {}).get("page_errors", [])
    ]
    return [
        *section("Browser (headless Chromium)", prose, header, cases, "browser", _browser_rows),
        *(["Page errors reported by the browser:", "", *errors, ""] if errors else []),
    ]


def _browser_rows(case: Case, browser: dict[str, Any]) -> Rows:
    dashboard, minimal = browser["dashboard"], browser["minimal"]
    return [
        [
            case["label"],
            str(browser.get("runs", case["repeats"])),
            s(dashboard["cold"]),
            s(minimal["cold"]),
            s(dashboard["warm"]),
            s(minimal["warm"]),
            x(browser["warm_ratio"]),
            goals.mark((goals.WARM_CHART, goals.WARM_CHART_SECONDS), case),
            s(dashboard["redraw"]),
            s(minimal["redraw"]),
            x(browser["redraw_ratio"]),
            goals.mark((goals.REDRAW, goals.REDRAW_SECONDS), case),
        ]
    ]


def cpu_table(cases: list[Case]) -> list[str]:
    """The servers' CPU seconds per rerun, read from /proc around clicks of the count toggle."""
    header = [
        "Events",
        "Reruns",
        "CPU per rerun: dashboard",
        "minimal",
        "ratio",
        "First rerun: dashboard",
        "minimal",
    ]
    prose = [
        "Each `streamlit run` server's CPU time (utime + stime of its process, from /proc), not",
        "wall time, over reruns driven in Chromium: the count toggle (`count_by`) clicked to the",
        "other count each time, waiting until the run has ended and drawn. The first rerun draws a",
        "count the session has not seen; later ones alternate, so the dashboard may serve views it",
        "has cached. Clock ticks are 10 ms, so the mean over the reruns is the figure to read.",
    ]
    return section("Server CPU per rerun", prose, header, cases, "server_cpu", _cpu_rows)


def _cpu_rows(case: Case, cpu: dict[str, Any]) -> Rows:
    dashboard, minimal = cpu["dashboard"], cpu["minimal"]
    return [
        [
            case["label"],
            str(cpu["reruns"]),
            s(dashboard["per_rerun"]),
            s(minimal["per_rerun"]),
            x(cpu["ratio"]),
            s(dashboard["first"]),
            s(minimal["first"]),
        ]
    ]


def memory_table(cases: list[Case]) -> list[str]:
    """Peak resident memory of the servers (from the browser group) and the AppTest processes."""
    header = [
        "Events",
        "Server peak RSS: dashboard",
        "minimal",
        "ratio",
        "AppTest process peak RSS: dashboard",
        "minimal",
        "ratio",
    ]
    rows = []
    for case in cases:
        browser, apptest = case["browser"], case["apptest"]
        if "server_peak_rss_mb" in browser:
            peaks = browser["server_peak_rss_mb"]
            server = _memory_cells(peaks.get("dashboard"), peaks.get("minimal"))
        else:
            server = [browser.get("error", "skipped (--skip-browser)"), "", ""]
        if "error" in apptest:
            process = [apptest["error"], "", ""]
        else:
            dashboard = apptest["dashboard"]["peak_rss_mb"]
            process = _memory_cells(dashboard, apptest["minimal"]["peak_rss_mb"])
        rows.append([case["label"], *server, *process])
    return [
        "## Memory",
        "",
        "Peak resident memory (VmHWM) of each `streamlit run` server after the browser",
        "measurements, and of each AppTest process (`ru_maxrss`), dashboard against minimal page.",
        "",
        *table(header, rows),
    ]


def _memory_cells(dashboard: float | None, minimal: float | None) -> list[str]:
    ratio = x(dashboard / minimal) if dashboard and minimal else "n/a"
    return [mib(dashboard), mib(minimal), ratio]


def s(seconds: float | None) -> str:
    """Seconds as the report writes them: "4.2 ms", "42 ms", "4.20 s", "420 s"; "n/a" if None."""
    if seconds is None or math.isnan(seconds):
        return "n/a"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def x(ratio: float) -> str:
    """A ratio: "1.23×", "301×"."""
    return f"{ratio:.2f}×" if ratio < 100 else f"{ratio:.0f}×"


def mb(size: int) -> str:
    """Bytes as "12.3 kB" or "1.23 MB"."""
    return f"{size / 1e6:.2f} MB" if size >= 1e5 else f"{size / 1e3:.1f} kB"


def mib(size: float | None) -> str:
    """MiB as "123 MiB"; "n/a" if None."""
    return "n/a" if size is None else f"{size:.0f} MiB"
