"""The benchmark suite: load, charts, AppTest, browser and memory, at several log sizes.

The machine is shared and noisy, so every figure is a ratio to a reference measured in the same
run, next to its absolute time: the load to the fastest bare parse of the same file
(``yaml_rs``), the dashboard's page to a minimal one-chart page (``bench/minimal_app.py``).
Whatever depends on caches is measured in a fresh process. Every wait has a deadline, every
server is stopped in a ``finally``, and a size that fails is recorded as failed, not fatal.

Usage: ``python -m bench [--sizes 100 1000 10000 50000] [--seed 1] [--out bench/results]
[--skip-browser] [--repeat N]``. A probe (one timed step in a fresh process) is
``python -m bench.suite KIND ARGS``; the suite starts those itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_LOG = ROOT / "data" / "events.yaml"
CACHE = ROOT / ".cache" / "bench"
DASHBOARD_SCRIPT = "streamlit_app.py"
MINIMAL_SCRIPT = "bench/minimal_app.py"
DEFAULT_SIZES = (100, 1_000, 10_000, 50_000)
# Sizes from here on are run once by default: one load takes minutes there.
LARGE = 10_000
# PyYAML takes about 40 s at 10,000 events; past that it would dominate the run.
PYYAML_MAX = 10_000
DASHBOARD_CHARTS = 4
# The load probe's charts: panels.panels' four, in the page's order, and the minimal page's one.
CHARTS = ("timeline", "topics", "speakers-topics", "attendance", "reference")
MINIMAL_CHARTS = 1
VIEWPORT = {"width": 1400, "height": 1000}  # wide enough for the sidebar to stay open

# The dashboard's performance goals.
LOAD_GOAL = 1.5  # x the bare parse, at >= LARGE events
WARM_GOAL = 0.1  # x the bare parse
RERUN_GOAL_S = 0.3  # AppTest rerun after a filter change, at GOAL_SIZE events
BROWSER_RATIO_GOAL = 1.5  # x the minimal page, on the shipped log
FIRST_CHART_GOAL_S = 3.0  # warm, at GOAL_SIZE events
REDRAW_GOAL_S = 1.5  # at GOAL_SIZE events
GOAL_SIZE = 50_000
# Address space each measured process (probe or server) may use: the machine is shared, and a
# chart that grows with participants x events would otherwise take all of it and wake the OOM
# killer. Past the cap the page fails with MemoryError, which is recorded as a result.
MEMORY_CAP_GB = 8

# True once a Streamlit run has ended and Plotly has drawn exactly `n` charts (during a rerun
# the old and the new charts can both be in the page); after a run that ended in an exception,
# the exception's text, so that the wait fails at once.
SETTLED_JS = """(n) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')) return false;
  const error = document.querySelector('[data-testid="stException"]');
  if (error) return 'the page shows an exception: ' + error.innerText.slice(0, 300);
  const charts = [...document.querySelectorAll('.js-plotly-plot')];
  return charts.length === n && charts.every(chart => chart.querySelector('svg.main-svg'));
}"""
# Plotly.react gives a redrawn chart a new `data` array; the old ones are kept before the change.
REMEMBER_JS = """() => { window.__benchOld = [...document.querySelectorAll('.js-plotly-plot')]
  .map(chart => chart.data); }"""
REDRAWN_JS = f"""(n) => {{ const settled = ({SETTLED_JS})(n);
  if (settled !== true) return settled;
  return [...document.querySelectorAll('.js-plotly-plot')]
    .every((chart, i) => chart.data !== window.__benchOld[i]); }}"""


def budget(events: int) -> float:
    """Seconds any one step may take at ``events`` events: generous, since a load is slow."""
    return 300 + 0.02 * events


@dataclass(frozen=True)
class Case:
    """One log to measure: a generated size, or the shipped log."""

    label: str
    events: int
    path: Path


# ---------------------------------------------------------------------------------------------
# Probes: each runs in a fresh process and prints its results as JSON lines


def _probe_parse(path: str) -> dict[str, Any]:
    import yaml_rs

    start = time.perf_counter()
    document: dict[str, Any] = yaml_rs.loads(Path(path).read_text(encoding="utf-8"))  # type: ignore[assignment]
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "events": len(document["events"]), "topic": _filter_topic(document)}


def _filter_topic(document: dict[str, Any]) -> dict[str, Any]:
    """The topic the filter change picks: the most frequent one that some event lacks.

    A topic every event has would leave the minimal page's chart unchanged (on the shipped log
    the first topic is such a one), and a redraw of an unchanged chart never comes.
    """
    events = document["events"]
    counts = dict.fromkeys((t["id"] for t in document["topics"]), 0)
    for event in events:
        for topic in {t for point in event["points"] for t in point["topics"]}:
            counts[topic] = counts.get(topic, 0) + 1
    chosen = max((t for t in counts if 0 < counts[t] < len(events)), key=counts.__getitem__)
    labels = {t["id"]: t["label"].get("en", t["id"]) for t in document["topics"]}
    return {"id": chosen, "label": labels[chosen], "events": counts[chosen]}


def _probe_pyyaml(path: str) -> dict[str, Any]:
    import yaml

    start = time.perf_counter()
    yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - start}


def _probe_load(path: str) -> Iterator[dict[str, Any]]:
    """The dashboard's load, then every chart built from its frames, each step timed.

    Yields each result as soon as it is known, so a chart that runs out of time or memory
    leaves the load's and the other charts' figures behind.
    """
    from dashboard.load import build_frames, read_log

    start = time.perf_counter()
    log = read_log(Path(path))
    read = time.perf_counter()
    frames = build_frames(log, "en")
    built = time.perf_counter()
    yield {"read_log": read - start, "build_frames": built - read, "seconds": built - start}
    yield from _chart_timings(frames, log.document)


def _chart_timings(frames: Any, document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each chart's metrics and figure time and JSON size, as panels.panels builds them."""
    from datetime import date

    from bench.minimal_app import per_day
    from dashboard import charts, metrics

    lang = frames.language
    days = (date.fromisoformat(frames.visit["start"]), date.fromisoformat(frames.visit["end"]))
    steps: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]] = {
        "timeline": (
            lambda: metrics.timeline_rows(frames),
            lambda rows: charts.timeline(rows, lang, days=days),
        ),
        "topics": (
            lambda: metrics.topic_frequency(frames, by="points", split="day"),
            lambda freq: charts.topic_frequency_chart(freq, lang, by="points", split="day"),
        ),
        "speakers-topics": (
            lambda: metrics.speaker_topic_counts(frames),
            lambda counts: charts.speaker_topic_heatmap(counts, lang),
        ),
        "attendance": (
            lambda: metrics.attendance_matrix(frames),
            lambda grid: charts.attendance_heatmap(grid, lang),
        ),
    }
    # The minimal page's chart, from the same document: what one plain bar chart costs.
    events = [
        (str(e["date"]), frozenset(t for p in e["points"] for t in p["topics"]))
        for e in document["events"]
    ]
    steps["reference"] = (lambda: events, lambda rows: per_day(rows, set()))
    # The reference first: it is cheap, and every ratio needs it.
    for name in ["reference", *(n for n in steps if n != "reference")]:
        metric, chart = steps[name]
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


def _probe_warm(path: str) -> dict[str, Any]:
    from dashboard.store import load_frames_cached

    start = time.perf_counter()
    load_frames_cached(Path(path), "en")
    return {"available": True, "seconds": time.perf_counter() - start}


def _probe_apptest(script: str, topic: str, timeout: str) -> dict[str, Any]:
    """A first run of ``script`` (log from $VISIT_LOG), then a rerun with one topic chosen."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / script), default_timeout=float(timeout))
    start = time.perf_counter()
    app.run()
    first = time.perf_counter() - start
    _raise_app_exception(app, "first run")
    charts_first = len(app.get("plotly_chart"))
    app.multiselect(key="topics").set_value([topic])
    start = time.perf_counter()
    app.run()
    rerun = time.perf_counter() - start
    _raise_app_exception(app, "rerun")
    return {
        "first": first,
        "rerun": rerun,
        "charts": [charts_first, len(app.get("plotly_chart"))],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _raise_app_exception(app: Any, when: str) -> None:
    if len(app.exception):
        raise RuntimeError(f"the page raised on its {when}: {app.exception[0].message}")


PROBES: dict[str, Callable[..., dict[str, Any] | Iterator[dict[str, Any]]]] = {
    "parse": _probe_parse,
    "pyyaml": _probe_pyyaml,
    "load": _probe_load,
    "warm": _probe_warm,
    "apptest": _probe_apptest,
}


def _run_probe(
    kind: str, *args: str, timeout: float, env: dict[str, str] | None = None, partial: bool = False
) -> dict[str, Any]:
    """Run one probe in a fresh Python process and return what it measured.

    Args:
        partial: Return what the probe printed before it failed, with the reason as "error".

    Raises:
        RuntimeError: the probe failed or timed out (and printed nothing, if ``partial``); the
            message says why, briefly.
    """
    command = [sys.executable, "-m", "bench.suite", kind, *args]
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
            check=False,
            # Probes start outside the browser phase, while this process runs no other thread.
            preexec_fn=_cap_memory,
        )
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        stdout = output.decode(errors="replace") if isinstance(output, bytes) else output
        reason: str | None = f"timed out after {timeout:.0f} s"
    else:
        stdout = done.stdout
        reason = None
        if done.returncode < 0:
            reason = f"was killed by signal {-done.returncode}"
        elif done.returncode != 0:
            # The exception's own line, not the framework's warnings printed after it.
            lines = [line for line in done.stderr.splitlines() if line and " WARNING " not in line]
            reason = f"exited {done.returncode}: {(lines or ['no output'])[-1][:300]}"
    result: dict[str, Any] = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            for key, value in json.loads(line).items():
                if isinstance(value, dict):
                    result.setdefault(key, {}).update(value)
                else:
                    result[key] = value
    if reason is None and not result:
        reason = "printed nothing"
    if reason is not None:
        if not (partial and result):
            raise RuntimeError(f"{kind} {reason}")
        result["error"] = f"failed: {kind} {reason}"
    return result


# ---------------------------------------------------------------------------------------------
# Measurement groups: each returns plain values, or raises and is recorded as failed


def measure_load(case: Case, repeats: int, warm_available: bool) -> dict[str, Any]:
    """Bare parses and the dashboard's load, interleaved, each run in a fresh process."""
    path, timeout = str(case.path), budget(case.events)
    parses, pyyamls, loads = [], [], []
    for _ in range(repeats):
        parses.append(_run_probe("parse", path, timeout=timeout))
        if case.events <= PYYAML_MAX:
            pyyamls.append(_run_probe("pyyaml", path, timeout=timeout))
        loads.append(_run_probe("load", path, timeout=timeout, partial=True))
        if "seconds" not in loads[-1]:
            raise RuntimeError(loads[-1]["error"])
    result: dict[str, Any] = {
        "parse": _median(parses, "seconds"),
        "pyyaml": _median(pyyamls, "seconds") if pyyamls else None,
        "read_log": _median(loads, "read_log"),
        "build_frames": _median(loads, "build_frames"),
        "load": _median(loads, "seconds"),
        "topic": parses[0]["topic"],
        "charts": _chart_medians(loads),
    }
    result["ratio"] = result["load"] / result["parse"]
    if result["pyyaml"] is not None:
        result["pyyaml_ratio"] = result["pyyaml"] / result["parse"]
    if warm_available:
        # The first call fills the cache (it may already be full from an earlier run).
        prime = _run_probe("warm", path, timeout=timeout)
        warm = [_run_probe("warm", path, timeout=timeout) for _ in range(repeats)]
        result["warm_prime"] = prime.get("seconds")
        result["warm"] = _median(warm, "seconds")
        result["warm_ratio"] = result["warm"] / result["parse"]
    return result


def _chart_medians(loads: list[dict[str, Any]]) -> dict[str, Any]:
    """Each chart's median over the runs that measured it; else why none did."""
    charts: dict[str, Any] = {}
    for name in CHARTS:
        measured = [run.get("charts", {}).get(name, {}) for run in loads]
        good = [m for m in measured if m and "error" not in m]
        if good:
            charts[name] = {key: _median(good, key) for key in good[0]}
        else:
            errors = [m["error"] for m in measured if "error" in m]
            errors += [run["error"] for run in loads if "error" in run]
            charts[name] = {"error": errors[0] if errors else "failed: not measured"}
    return charts


def measure_apptest(case: Case, repeats: int, topic: str) -> dict[str, Any]:
    """First run and a rerun after choosing one topic, the dashboard then the minimal page."""
    timeout = budget(case.events)
    env = {"VISIT_LOG": str(case.path)}
    runs: dict[str, list[dict[str, Any]]] = {"dashboard": [], "minimal": []}
    for _ in range(repeats):
        for name, script in (("dashboard", DASHBOARD_SCRIPT), ("minimal", MINIMAL_SCRIPT)):
            runs[name].append(
                _run_probe("apptest", script, topic, str(timeout), timeout=timeout + 30, env=env)
            )
    result: dict[str, Any] = {}
    for name, measured in runs.items():
        result[name] = {key: _median(measured, key) for key in ("first", "rerun", "peak_rss_mb")}
        result[name]["charts"] = measured[0]["charts"]
    for key in ("first", "rerun"):
        result[f"{key}_ratio"] = result["dashboard"][key] / result["minimal"][key]
    return result


def measure_browser(case: Case, repeats: int, topic: dict[str, str]) -> dict[str, Any]:
    """Both pages in headless Chromium: cold and warm first chart, redraw after a filter change.

    Both servers run at once so that their measurements interleave; only one is busy at a time.
    Each server's peak RSS is read at the end while it still runs, even after a failed step.
    """
    from playwright.sync_api import sync_playwright

    from dashboard.server import CHROMIUM, CHROMIUM_ARGS, serve

    env = {"VISIT_LOG": str(case.path)}
    result: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        # The servers inherit the cap; Chromium, which reserves terabytes of address space, not.
        with _memory_capped():
            urls = {
                name: stack.enter_context(serve(script, env=env, timeout=120))
                for name, (script, _) in APPS.items()
            }
        try:
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
            result = _browse(browser, urls, budget(case.events), repeats, topic["label"])
        except _StepFailed as failed:
            result = {"error": str(failed)}
        finally:
            result["server_peak_rss_mb"] = {
                name: _peak_rss_mb(_server_pid(url)) for name, url in urls.items()
            }
    return result


APPS = {
    "dashboard": (DASHBOARD_SCRIPT, DASHBOARD_CHARTS),
    "minimal": (MINIMAL_SCRIPT, MINIMAL_CHARTS),
}


class _StepFailed(RuntimeError):
    """A browser step failed; the message names the page and the step."""


def _browse(
    browser: Any, urls: dict[str, str], timeout: float, repeats: int, label: str
) -> dict[str, Any]:
    runs: dict[str, dict[str, Any]] = {
        name: {"warm": [], "redraw": [], "errors": []} for name in APPS
    }
    contexts = {name: browser.new_context(viewport=VIEWPORT) for name in APPS}

    def step(name: str, what: str, measure: Callable[..., Any], *args: Any) -> Any:
        try:
            return measure(*args)
        except Exception as error:
            reason = (str(error).strip().splitlines() or [""])[0][:200]
            raise _StepFailed(
                f"failed: {name}, {what}: {type(error).__name__}: {reason}"
            ) from error

    def first_chart(name: str) -> tuple[float, Any]:
        return _first_chart(
            contexts[name], urls[name], APPS[name][1], timeout, runs[name]["errors"]
        )

    for name in APPS:
        runs[name]["cold"], page = step(name, "cold first chart", first_chart, name)
        page.close()
    # Warm runs stop early, after one, when the budget is spent: a heavy page takes minutes.
    deadline = time.monotonic() + timeout
    for _ in range(repeats):
        if runs["dashboard"]["warm"] and time.monotonic() > deadline:
            break
        for name, (_, charts) in APPS.items():
            seconds, page = step(name, "warm first chart", first_chart, name)
            try:
                runs[name]["warm"].append(seconds)
                runs[name]["redraw"].append(
                    step(name, "redraw", _redraw, page, label, charts, timeout)
                )
            finally:
                page.close()
    result: dict[str, Any] = {"runs": len(runs["dashboard"]["warm"])}
    for name in APPS:
        result[name] = {
            "cold": runs[name]["cold"],
            "warm": statistics.median(runs[name]["warm"]),
            "redraw": statistics.median(runs[name]["redraw"]),
            "page_errors": runs[name]["errors"][:5],
        }
    for key in ("cold", "warm", "redraw"):
        result[f"{key}_ratio"] = result["dashboard"][key] / result["minimal"][key]
    return result


def _first_chart(
    context: Any, url: str, charts: int, timeout: float, errors: list[str]
) -> tuple[float, Any]:
    """Seconds from navigating to ``url`` until ``charts`` charts are drawn; and the open page."""
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    page.on("pageerror", lambda error: errors.append(str(error)[:200]))
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout * 1000)
        _wait(page, SETTLED_JS, charts, timeout)
        return time.perf_counter() - start, page
    except BaseException:
        page.close()
        raise


def _redraw(page: Any, label: str, charts: int, timeout: float) -> float:
    """Seconds from choosing ``label`` in the topics filter until every chart is redrawn."""
    box = page.locator(".st-key-topics input").first
    box.click()
    box.fill(label)
    # The dashboard's options read "Group · Label", the minimal page's "Label".
    exact = re.compile(rf"(^|· ){re.escape(label)}$")
    option = page.get_by_role("option").filter(has_text=exact).first
    option.wait_for(state="visible", timeout=30_000)
    page.evaluate(REMEMBER_JS)
    start = time.perf_counter()
    option.click()
    _wait(page, REDRAWN_JS, charts, timeout)
    return time.perf_counter() - start


def _wait(page: Any, predicate: str, charts: int, timeout: float) -> None:
    """Wait until ``predicate`` holds; raise if it reports a failure (a string) instead."""
    outcome = page.wait_for_function(predicate, arg=charts, polling="raf", timeout=timeout * 1000)
    value = outcome.json_value()
    if value is not True:
        raise RuntimeError(str(value))


def _cap_memory() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = MEMORY_CAP_GB * 1024**3
    resource.setrlimit(
        resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
    )


@contextlib.contextmanager
def _memory_capped() -> Iterator[None]:
    """This process, and what it starts meanwhile, under the memory cap; restored after."""
    limits = resource.getrlimit(resource.RLIMIT_AS)
    _cap_memory()
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, limits)


def _server_pid(url: str) -> int | None:
    """The PID of the ``streamlit run`` listening on ``url``'s port, found by its command line."""
    port = url.rsplit(":", 1)[1].encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if (
            b"streamlit" in argv
            and b"--server.port" in argv
            and argv[argv.index(b"--server.port") + 1] == port
        ):
            return int(entry.name)
    return None


def _peak_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def _median(runs: list[dict[str, Any]], key: str) -> Any:
    values = [run[key] for run in runs]
    if all(isinstance(v, int | float) for v in values):
        return statistics.median(values)
    return values[0]


# ---------------------------------------------------------------------------------------------
# The run


def logs(sizes: list[int], seed: int) -> list[Case]:
    """The shipped log, then one generated log per size, written once into the cache folder."""
    from bench.generate import write

    folder = CACHE / f"seed-{seed}"
    cases = [Case("3 (shipped)", _shipped_events(), SHIPPED_LOG)]
    for size in sizes:
        path = folder / f"events-{size}.yaml"
        if not path.exists():
            _say(f"writing {path.relative_to(ROOT)}")
            path = write(size, seed, folder)
        cases.append(Case(f"{size:,}", size, path))
    return cases


def _shipped_events() -> int:
    import yaml_rs

    document: dict[str, Any] = yaml_rs.loads(SHIPPED_LOG.read_text(encoding="utf-8"))  # type: ignore[assignment]
    return len(document["events"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure every case, writing the results after each group so a stopped run still reports."""
    warm_available = True  # dashboard.store.load_frames_cached
    results: dict[str, Any] = {"meta": _machine(args, warm_available), "cases": []}
    for case in logs(args.sizes, args.seed):
        repeats = args.repeat or (3 if case.events < LARGE else 1)
        row: dict[str, Any] = {
            "label": case.label,
            "events": case.events,
            "path": str(case.path.relative_to(ROOT)),
            "file_bytes": case.path.stat().st_size,
            "repeats": repeats,
            **{key: {"error": "not measured yet"} for key in ("load", "apptest", "browser")},
        }
        results["cases"].append(row)
        _say(f"{case.label} events, {repeats} run(s) each")
        row["load"] = _guarded("load", measure_load, case, repeats, warm_available)
        write_results(results, args.out)
        topic = row["load"].get("topic") or _guarded("topic", _topic, case)
        if "error" in topic:
            row["apptest"] = row["browser"] = {"error": f"{topic['error']} (choosing a topic)"}
            write_results(results, args.out)
            continue
        row["apptest"] = _guarded("AppTest", measure_apptest, case, repeats, topic["id"])
        write_results(results, args.out)
        if args.skip_browser:
            row["browser"] = {"skipped": True}
        else:
            row["browser"] = _guarded("browser", measure_browser, case, repeats, topic)
        write_results(results, args.out)
    return results


def _topic(case: Case) -> dict[str, Any]:
    """The filter's topic, when the load failed before it could say."""
    topic: dict[str, Any] = _run_probe("parse", str(case.path), timeout=budget(case.events))
    return topic["topic"]  # type: ignore[no-any-return]


def _guarded(what: str, measure: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``measure(*args)``, or the reason it failed: one failed group never stops the run."""
    start = time.monotonic()
    try:
        result = measure(*args)
    except Exception as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        _say(f"  {what} failed: {type(error).__name__}: {reason}")
        if os.environ.get("BENCH_DEBUG"):
            traceback.print_exc()
        return {"error": f"failed: {type(error).__name__}: {reason[:200]}"}
    _say(f"  {what} done in {time.monotonic() - start:.0f} s")
    return result


def _machine(args: argparse.Namespace, warm_available: bool) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    dirty = _command(["git", "status", "--porcelain", "--untracked-files=no"])
    return {
        "date": _command(["date", "-u"]),
        "commit": _command(["git", "rev-parse", "--short", "HEAD"]),
        "uncommitted_changes": bool(dirty),
        "nproc": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory_gb": round(int(memory.group(1)) / 1024**2, 1) if memory else None,
        "python": platform.python_version(),
        "argv": ["python", "-m", "bench", *sys.argv[1:]],
        "seed": args.seed,
        "load_frames_cached": warm_available,
    }


def _command(argv: list[str]) -> str:
    try:
        return subprocess.run(
            argv, cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def _say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Reporting


def write_results(results: dict[str, Any], out: Path) -> None:
    """results.json (raw numbers) and results.md (the tables) in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "results.md").write_text(markdown(results), encoding="utf-8")


def markdown(results: dict[str, Any]) -> str:
    """The report: the run's context, then one table per measurement group."""
    meta, cases = results["meta"], results["cases"]
    commit = meta["commit"] + (" (with uncommitted changes)" if meta["uncommitted_changes"] else "")
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {meta['date']}",
        f"- Machine: {meta['nproc']} CPUs, {meta['cpu']}, {meta['memory_gb']} GB memory; Python {meta['python']}",
        f"- Commit: {commit}",
        f"- Command: `{' '.join(meta['argv'])}` (synthetic logs: `bench/generate.py`, seed {meta['seed']})",
        "",
        "Ratios compare with a reference measured in the same run, so they survive a noisy, shared",
        "machine; absolute times are for information. Each figure is the median of the runs shown",
        "in the Runs column; steps that depend on caches run in a fresh process each time.",
        "",
        *_load_table(cases, meta),
        *_chart_table(cases),
        *_apptest_table(cases),
        *_browser_table(cases),
        *_memory_table(cases),
    ]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _failed_row(label: str, group: dict[str, Any], width: int) -> list[str] | None:
    if "error" in group:
        return [label, group["error"], *[""] * (width - 2)]
    if group.get("skipped"):
        return [label, "skipped (--skip-browser)", *[""] * (width - 2)]
    return None


def _load_table(cases: list[dict[str, Any]], meta: dict[str, Any]) -> list[str]:
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
        f"Goal ≤ {LOAD_GOAL}× (≥ {LARGE:,})",
        "Warm start",
        "Warm ÷ parse",
        f"Goal ≤ {WARM_GOAL}×",
    ]
    rows = []
    for case in cases:
        group = case["load"]
        failed = _failed_row(case["label"], group, len(header))
        if failed:
            rows.append(failed)
            continue
        pyyaml = (
            f"{_s(group['pyyaml'])} ({_x(group['pyyaml_ratio'])})"
            if group.get("pyyaml") is not None
            else "not run"
        )
        load_goal = _goal(group["ratio"] <= LOAD_GOAL) if case["events"] >= LARGE else "—"
        if "warm" in group:
            warm = [
                _s(group["warm"]),
                _x(group["warm_ratio"]),
                _goal(group["warm_ratio"] <= WARM_GOAL),
            ]
        else:
            warm = ["n/a", "n/a", "—"]
        rows.append(
            [
                case["label"],
                _mb(case["file_bytes"]),
                str(case["repeats"]),
                _s(group["parse"]),
                pyyaml,
                _s(group["read_log"]),
                _s(group["build_frames"]),
                _s(group["load"]),
                _x(group["ratio"]),
                load_goal,
                *warm,
            ]
        )
    note = (
        "Warm start: `dashboard.store.load_frames_cached(path, lang)` in a second fresh process."
        if meta["load_frames_cached"]
        else "Warm start: n/a, `dashboard.load.load_frames_cached` does not exist yet."
    )
    return [
        "## Load",
        "",
        '`read_log(path)` + `build_frames(log, "en")` in a fresh process, against the fastest bare',
        "parse of the same file (`yaml_rs.loads` of its text, reading included); PyYAML's C loader",
        f"beside it (ratio to `yaml_rs` in brackets; only up to {PYYAML_MAX:,} events). {note}",
        "",
        *_table(header, rows),
    ]


def _chart_table(cases: list[dict[str, Any]]) -> list[str]:
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
    rows = []
    for case in cases:
        group = case["load"]
        failed = _failed_row(case["label"], group, len(header))
        if failed:
            rows.append(failed)
            continue
        charts = group["charts"]
        reference = charts["reference"]
        for name, chart in charts.items():
            shown = "reference: events per day (minimal page)" if name == "reference" else name
            if "error" in chart or "error" in reference:
                rows.append([case["label"], shown, chart.get("error", ""), *[""] * 6])
                continue
            rows.append(
                [
                    case["label"],
                    shown,
                    _s(chart["metrics"]),
                    _s(chart["figure"]),
                    _s(chart["seconds"]),
                    _x(chart["seconds"] / reference["seconds"]),
                    _mb(chart["json_bytes"]),
                    _x(chart["json_bytes"] / reference["json_bytes"]),
                    _s(chart["to_json"]),
                ]
            )
        panels = [charts[name] for name in CHARTS if name != "reference"]
        if all("error" not in chart for chart in [*panels, reference]):
            total = sum(chart["seconds"] for chart in panels)
            size = sum(chart["json_bytes"] for chart in panels)
            rows.append(
                [
                    case["label"],
                    "all four (`panels.panels`)",
                    "",
                    "",
                    _s(total),
                    _x(total / reference["seconds"]),
                    _mb(size),
                    _x(size / reference["json_bytes"]),
                    "",
                ]
            )
    return [
        "## Charts",
        "",
        "Each chart's metrics function and figure function, called as `panels.panels` calls them on",
        "the unfiltered frames (English), and the size of `fig.to_json()`, what goes to the browser;",
        "ratios to the minimal page's one bar chart built from the same log.",
        "",
        *_table(header, rows),
    ]


def _apptest_table(cases: list[dict[str, Any]]) -> list[str]:
    header = [
        "Events",
        "Runs",
        "First run: dashboard",
        "minimal",
        "ratio",
        "Rerun after filter: dashboard",
        "minimal",
        "ratio",
        f"Goal ≤ {RERUN_GOAL_S * 1000:.0f} ms (at {GOAL_SIZE:,})",
    ]
    rows = []
    for case in cases:
        group = case["apptest"]
        failed = _failed_row(case["label"], group, len(header))
        if failed:
            rows.append(failed)
            continue
        dash, minimal = group["dashboard"], group["minimal"]
        goal = _goal(dash["rerun"] <= RERUN_GOAL_S) if case["events"] >= GOAL_SIZE else "—"
        rows.append(
            [
                case["label"],
                str(case["repeats"]),
                _s(dash["first"]),
                _s(minimal["first"]),
                _x(group["first_ratio"]),
                _s(dash["rerun"]),
                _s(minimal["rerun"]),
                _x(group["rerun_ratio"]),
                goal,
            ]
        )
    return [
        "## AppTest",
        "",
        "`AppTest.from_file(script)` with `VISIT_LOG` set, in a fresh process: the first run (cold",
        "caches), then a rerun after setting the `topics` multiselect to one topic (the most",
        "frequent one that some event lacks; its id is in results.json).",
        "The minimal page is `bench/minimal_app.py`.",
        "",
        *_table(header, rows),
    ]


def _browser_table(cases: list[dict[str, Any]]) -> list[str]:
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
    rows = []
    for case in cases:
        group = case["browser"]
        failed = _failed_row(case["label"], group, len(header))
        if failed:
            rows.append(failed)
            continue
        dash, minimal = group["dashboard"], group["minimal"]
        if case["path"].endswith("data/events.yaml"):
            first_goal = (
                f"≤ {BROWSER_RATIO_GOAL}× {_goal(group['warm_ratio'] <= BROWSER_RATIO_GOAL)}"
            )
            redraw_goal = (
                f"≤ {BROWSER_RATIO_GOAL}× {_goal(group['redraw_ratio'] <= BROWSER_RATIO_GOAL)}"
            )
        elif case["events"] >= GOAL_SIZE:
            first_goal = f"< {FIRST_CHART_GOAL_S:g} s {_goal(dash['warm'] < FIRST_CHART_GOAL_S)}"
            redraw_goal = f"< {REDRAW_GOAL_S:g} s {_goal(dash['redraw'] < REDRAW_GOAL_S)}"
        else:
            first_goal = redraw_goal = "—"
        rows.append(
            [
                case["label"],
                str(group.get("runs", case["repeats"])),
                _s(dash["cold"]),
                _s(minimal["cold"]),
                _s(dash["warm"]),
                _s(minimal["warm"]),
                _x(group["warm_ratio"]),
                first_goal,
                _s(dash["redraw"]),
                _s(minimal["redraw"]),
                _x(group["redraw_ratio"]),
                redraw_goal,
            ]
        )
    errors = [
        f"- {case['label']}, {name}: {error}"
        for case in cases
        for name in ("dashboard", "minimal")
        for error in case["browser"].get(name, {}).get("page_errors", [])
    ]
    return [
        "## Browser (headless Chromium)",
        "",
        "Each page served by `streamlit run` and opened in Chromium: seconds from navigation until",
        f"every chart is drawn ({DASHBOARD_CHARTS} on the dashboard, {MINIMAL_CHARTS} on the minimal",
        "page). Cold: the first navigation after the server starts (the log is read then). Warm: a",
        "new tab afterwards. Redraw: from clicking that same topic in the `topics` multiselect until",
        "every chart has new data and the run has ended.",
        "",
        *_table(header, rows),
        *(["Page errors reported by the browser:", "", *errors, ""] if errors else []),
    ]


def _memory_table(cases: list[dict[str, Any]]) -> list[str]:
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
            dash, minimal = (browser["server_peak_rss_mb"][name] for name in APPS)
            server = [_mib(dash), _mib(minimal), _x(dash / minimal) if dash and minimal else "n/a"]
        else:
            server = [browser.get("error", "skipped (--skip-browser)"), "", ""]
        process = ["", "", ""]
        if "dashboard" in apptest:
            dash, minimal = apptest["dashboard"]["peak_rss_mb"], apptest["minimal"]["peak_rss_mb"]
            process = [_mib(dash), _mib(minimal), _x(dash / minimal)]
        else:
            process = [apptest.get("error", ""), "", ""]
        rows.append([case["label"], *server, *process])
    return [
        "## Memory",
        "",
        "Peak resident memory (VmHWM) of each `streamlit run` server after the browser",
        "measurements, and of each AppTest process (`ru_maxrss`), dashboard against minimal page.",
        "",
        *_table(header, rows),
    ]


def _s(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "n/a"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _x(ratio: float) -> str:
    return f"{ratio:.2f}×" if ratio < 100 else f"{ratio:.0f}×"


def _mb(size: int) -> str:
    return f"{size / 1e6:.2f} MB" if size >= 1e5 else f"{size / 1e3:.1f} kB"


def _mib(size: float | None) -> str:
    return "n/a" if size is None else f"{size:.0f} MiB"


def _goal(met: bool) -> str:
    return "✓" if met else "✗"


# ---------------------------------------------------------------------------------------------
# The chart of time against size


def scaling_chart(results: dict[str, Any], out: Path) -> str | None:
    """A log-log chart of seconds against events, saved as ``scaling.png``; the reason if not."""
    import plotly.graph_objects as go

    from dashboard.export import images

    series: dict[str, Callable[[dict[str, Any]], float | None]] = {
        "Bare parse (yaml_rs)": lambda c: c["load"].get("parse"),
        "Load (read_log + build_frames)": lambda c: c["load"].get("load"),
        "AppTest rerun after filter": lambda c: c["apptest"].get("dashboard", {}).get("rerun"),
        "Browser first chart (warm)": lambda c: c["browser"].get("dashboard", {}).get("warm"),
    }
    figure = go.Figure()
    for name, value in series.items():
        points = [(c["events"], value(c)) for c in results["cases"]]
        points = [(x, y) for x, y in points if y]
        if points:
            figure.add_trace(
                go.Scatter(
                    x=[x for x, _ in points],
                    y=[y for _, y in points],
                    name=name,
                    mode="lines+markers",
                )
            )
    meta = results["meta"]
    figure.update_layout(
        template="plotly_white",
        title=f"Time against log size: commit {meta['commit']}, {meta['date']}",
        xaxis={"type": "log", "title": "Events in the log"},
        yaxis={"type": "log", "title": "Seconds"},
        legend={"orientation": "h", "y": -0.2},
    )
    try:
        (out / "scaling.png").write_bytes(images.render(figure, "png", scale=1, size=(1000, 600)))
    except images.ImageUnavailable as error:
        return str(error)
    return None


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="log sizes, in events"
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results", help="results folder"
    )
    parser.add_argument("--skip-browser", action="store_true", help="leave out headless Chromium")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help=f"runs per measurement, median kept (default 3, and 1 from {LARGE:,} events)",
    )
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    args.out = args.out.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the suite; 0 when the results were written, whatever they say."""
    args = parse_args(argv)
    results = run(args)
    reason = scaling_chart(results, args.out)
    if reason:
        with (args.out / "results.md").open("a", encoding="utf-8") as report:
            report.write(f"\nNo scaling chart: {reason}\n")
    _say(f"results in {args.out}")
    return 0


def _probe_main(argv: list[str]) -> int:
    kind, *args = argv
    results = PROBES[kind](*args)
    for result in [results] if isinstance(results, dict) else results:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(_probe_main(sys.argv[1:]))
