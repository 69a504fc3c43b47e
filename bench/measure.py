"""The measurement groups a run makes per log, out of probes: the load, and AppTest.

Each group returns plain values, or raises; ``bench.run`` records a raised group as failed and
goes on. Figures are medians over the repeats, each repeat in fresh processes.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.apptest import STEPS
from bench.cases import Case, budget
from bench.fresh import run_probe
from bench.pages import pages

# PyYAML takes about 40 s at 10,000 events; past that it would dominate the run.
PYYAML_MAX = 10_000


def measure_load(case: Case, repeats: int) -> dict[str, Any]:
    """Bare parses and the dashboard's load, interleaved, then warm starts through the store."""
    path, timeout = str(case.path), budget(case.events)
    parses, pyyamls, loads = [], [], []
    for _ in range(repeats):
        parses.append(run_probe("parse", path, timeout=timeout))
        if case.events <= PYYAML_MAX:
            pyyamls.append(run_probe("pyyaml", path, timeout=timeout))
        loads.append(run_probe("load", path, timeout=timeout, partial=True))
        if "seconds" not in loads[-1]:
            raise RuntimeError(loads[-1]["error"])
    result: dict[str, Any] = {
        "parse": median(parses, "seconds"),
        "pyyaml": median(pyyamls, "seconds") if pyyamls else None,
        "read_log": median(loads, "read_log"),
        "build_frames": median(loads, "build_frames"),
        "load": median(loads, "seconds"),
        "topic": parses[0]["topic"],
        "charts": chart_medians(loads),
    }
    result["ratio"] = result["load"] / result["parse"]
    if result["pyyaml"] is not None:
        result["pyyaml_ratio"] = result["pyyaml"] / result["parse"]
    # The first call fills the store (it may already hold this log from an earlier run).
    prime = run_probe("warm", path, timeout=timeout)
    warm = [run_probe("warm", path, timeout=timeout) for _ in range(repeats)]
    result["warm_prime"] = prime.get("seconds")
    result["warm"] = median(warm, "seconds")
    result["warm_ratio"] = result["warm"] / result["parse"]
    return result


def chart_medians(loads: list[dict[str, Any]]) -> dict[str, Any]:
    """Each chart's median over the runs that measured it; else why none did.

    The charts are the ones the probes reported, in their order: the reference, then
    ``panels.CHARTS`` as it stood when they ran.
    """
    names = list(dict.fromkeys(name for run in loads for name in run.get("charts", {})))
    charts: dict[str, Any] = {}
    for name in names:
        measured = [run.get("charts", {}).get(name, {}) for run in loads]
        good = [m for m in measured if m and "error" not in m]
        if good:
            charts[name] = {key: median(good, key) for key in good[0]}
        else:
            errors = [m["error"] for m in measured if "error" in m]
            errors += [run["error"] for run in loads if "error" in run]
            charts[name] = {"error": errors[0] if errors else "failed: not measured"}
    return charts


def measure_apptest(case: Case, repeats: int, topic: str, search: str = "") -> dict[str, Any]:
    """Every AppTest step of ``bench.apptest``, the dashboard then the minimal page, interleaved.

    Returns:
        Per page: each step's median seconds ("steps"), why a step was never measured
        ("errors"), the charts on the page after each step and the process's peak RSS; and
        each dashboard step's ratio to its reference step on the minimal page ("ratios").
    """
    timeout = budget(case.events)
    env = {"VISIT_LOG": str(case.path)}
    both = pages(case.path)
    runs: dict[str, list[dict[str, Any]]] = {page.name: [] for page in both}
    for _ in range(repeats):
        for page in both:
            steps = ",".join(page.steps)
            runs[page.name].append(
                run_probe(
                    "apptest",
                    page.script,
                    topic,
                    str(timeout),
                    steps,
                    "",
                    search,
                    timeout=2 * timeout + 60,
                    env=env,
                    partial=True,
                )
            )
    result: dict[str, Any] = {
        page.name: _page_medians(runs[page.name], page.steps) for page in both
    }
    dashboard, minimal = result["dashboard"]["steps"], result["minimal"]["steps"]
    result["ratios"] = {
        step.name: dashboard[step.name] / minimal[step.reference]
        for step in STEPS
        if step.name in dashboard and minimal.get(step.reference)
    }
    return result


def _page_medians(runs: list[dict[str, Any]], names: tuple[str, ...]) -> dict[str, Any]:
    """One page's steps: medians where measured; else the first reason one failed."""
    steps: dict[str, float] = {}
    errors: dict[str, str] = {}
    for name in names:
        seconds = [run["steps"][name] for run in runs if name in run.get("steps", {})]
        if seconds:
            steps[name] = statistics.median(seconds)
            continue
        reasons = [run["errors"][name] for run in runs if name in run.get("errors", {})]
        reasons += [run["error"] for run in runs if "error" in run]
        errors[name] = reasons[0] if reasons else "failed: not measured"
    rss = [run["peak_rss_mb"] for run in runs if "peak_rss_mb" in run]
    return {
        "steps": steps,
        "errors": errors,
        "charts": runs[0].get("charts", {}),
        "peak_rss_mb": statistics.median(rss) if rss else None,
    }


def median(runs: list[dict[str, Any]], key: str) -> Any:
    """The median of ``key`` over ``runs`` if it is a number, else the first run's value."""
    values = [run[key] for run in runs]
    if all(isinstance(v, int | float) for v in values):
        return statistics.median(values)
    return values[0]
