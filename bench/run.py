"""``python -m bench``: every measurement group on every log, the results written as they come.

The machine is shared and noisy, so every figure is a ratio to a reference measured in the same
run, next to its absolute time: the load to the fastest bare parse of the same file
(``yaml_rs``), the dashboard's page to a minimal one-chart page (``bench/minimal_app.py``).
Whatever depends on caches is measured in a fresh process. Every wait has a deadline, every
server is stopped in a ``finally``, and a group that fails is recorded as failed, not fatal.

Usage: ``python -m bench [--sizes 100 1000 10000 50000] [--seed 1] [--out bench/results]
[--skip-browser] [--repeat N]``; ``--sizes`` alone measures the shipped log only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench.browser import measure_browser
from bench.cases import DEFAULT_SIZES, LARGE, ROOT, Case, budget, cases
from bench.fresh import run_probe
from bench.guard import guarded
from bench.measure import measure_apptest, measure_load
from bench.progress import say
from bench.report import markdown
from bench.scaling import scaling_chart
from bench.stamp import stamp

GROUPS = ("load", "apptest", "browser", "server_cpu")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; ``--out`` made absolute."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=list(DEFAULT_SIZES),
        help="generated log sizes, in events; the shipped log is always measured first (give "
        "none to measure it alone)",
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
    """Run every group on every log; 0 when the results were written, whatever they say."""
    args = parse_args(argv)
    results = run(args)
    reason = scaling_chart(results, args.out)
    if reason:
        with (args.out / "results.md").open("a", encoding="utf-8") as report:
            report.write(f"\nNo scaling chart: {reason}\n")
    say(f"results in {args.out}")
    return 0


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure every log, writing the results after each group so a stopped run still reports."""
    results: dict[str, Any] = {"meta": machine(args), "cases": []}
    for case in cases(args.sizes, args.seed):
        repeats = args.repeat or (3 if case.events < LARGE else 1)
        row: dict[str, Any] = {
            "label": case.label,
            "events": case.events,
            "path": str(case.path.relative_to(ROOT)),
            "shipped": case.shipped,
            "file_bytes": case.path.stat().st_size,
            "repeats": repeats,
            **{group: {"error": "not measured yet"} for group in GROUPS},
        }
        results["cases"].append(row)
        say(f"{case.label} events, {repeats} run(s) each")
        row["load"] = guarded("load", measure_load, case, repeats)
        write_results(results, args.out)
        topic = row["load"].get("topic") or guarded("topic", _topic, case)
        if "error" in topic:
            for group in GROUPS[1:]:
                row[group] = {"error": f"{topic['error']} (choosing a topic)"}
            write_results(results, args.out)
            continue
        row["apptest"] = guarded(
            "AppTest", measure_apptest, case, repeats, topic["id"], topic.get("search", "")
        )
        write_results(results, args.out)
        if args.skip_browser:
            row["browser"] = row["server_cpu"] = {"skipped": True}
        else:
            measured = guarded("browser", measure_browser, case, repeats, topic)
            row["browser"] = measured.get("browser", measured)
            row["server_cpu"] = measured.get("server_cpu", measured)
        write_results(results, args.out)
    return results


def _topic(case: Case) -> dict[str, Any]:
    """The filter's topic, when the load failed before it could say."""
    parsed = run_probe("parse", str(case.path), timeout=budget(case.events))
    topic: dict[str, Any] = parsed["topic"]
    return topic


def write_results(results: dict[str, Any], out: Path) -> None:
    """results.json (raw numbers) and results.md (the tables) in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "results.md").write_text(markdown(results), encoding="utf-8")


def machine(args: argparse.Namespace) -> dict[str, Any]:
    """The run's context: date, commit, machine and Python, command line and seed."""
    return {**stamp(), "argv": ["python", "-m", "bench", *sys.argv[1:]], "seed": args.seed}
