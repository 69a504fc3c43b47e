"""What importing the page's module costs, from ``python -X importtime`` in fresh processes.

Usage: ``python -m bench.importtime [--module dashboard.app] [--runs 5] [--out FILE]``, which
writes ``bench/results/importtime.md``. Each run is a fresh interpreter importing the module
once; a baseline run (``-c pass``) tells the interpreter's own start-up imports apart. Python
charges a module's import to whoever imports it first, so the direct imports of the module
each carry what they pulled in first; self time summed per package is additive and shows
where the time is spent.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.cases import ROOT
from bench.progress import say
from bench.stamp import commit_text, load_text, stamp

LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")
PROJECT = "dashboard"


@dataclass(frozen=True)
class Import:
    """One line of ``-X importtime``: a module's own time, with what it imported, and its depth."""

    module: str
    self_us: int
    cumulative_us: int
    depth: int


@dataclass(frozen=True)
class Summary:
    """The import of one module over several runs, medians in milliseconds.

    Attributes:
        module: The module imported.
        totals_ms: Each run's total import time (everything the statement imported).
        direct: The module's own time ("(self)") and each of its direct imports' cumulative time.
        packages: Self time summed per top-level package, largest first.
        project: Each of the project's modules: self and cumulative time, in import order.
    """

    module: str
    totals_ms: list[float]
    direct: list[tuple[str, float]]
    packages: list[tuple[str, float]]
    project: list[tuple[str, float, float]]


def parse(text: str) -> list[Import]:
    """The import lines of ``-X importtime`` output (stderr), in the order printed."""
    imports = []
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            own, cumulative, indent, module = match.groups()
            # One space separates the bar from a top-level name; each level adds two.
            imports.append(Import(module, int(own), int(cumulative), (len(indent) - 1) // 2))
    return imports


def direct_imports(imports: list[Import], module: str) -> list[Import]:
    """The imports ``module`` made itself, first-time only, from its subtree in the output.

    The output is in post-order: a module's line comes after those of everything it imported,
    which are indented one level deeper and more.
    """
    at = next(i for i, line in enumerate(imports) if line.module == module)
    depth = imports[at].depth
    children = []
    for line in reversed(imports[:at]):
        if line.depth <= depth:
            break
        if line.depth == depth + 1:
            children.append(line)
    return children[::-1]


def summarise(runs: list[list[Import]], startup: set[str], module: str, top: int = 15) -> Summary:
    """Medians over ``runs`` of the import of ``module``, without the start-up imports."""
    statements = [[line for line in run if line.module not in startup] for run in runs]
    totals = [sum(line.self_us for line in run) / 1000 for run in statements]

    def median_ms(values: Sequence[float]) -> float:
        return statistics.median(values) / 1000

    direct: dict[str, list[float]] = defaultdict(list)
    packages: dict[str, list[float]] = defaultdict(list)
    own: dict[str, list[float]] = defaultdict(list)
    cumulative: dict[str, list[float]] = defaultdict(list)
    for run in statements:
        root = next(line for line in run if line.module == module)
        direct["(self)"].append(root.self_us)
        for child in direct_imports(run, module):
            direct[child.module].append(child.cumulative_us)
        per_package: dict[str, float] = defaultdict(float)
        for line in run:
            per_package[line.module.split(".")[0]] += line.self_us
            if line.module.split(".")[0] == PROJECT:
                own[line.module].append(line.self_us)
                cumulative[line.module].append(line.cumulative_us)
        for package, spent in per_package.items():
            packages[package].append(spent)
    ranked = sorted(((name, median_ms(v)) for name, v in direct.items()), key=lambda i: -i[1])
    by_package = sorted(((name, median_ms(v)) for name, v in packages.items()), key=lambda i: -i[1])
    return Summary(
        module=module,
        totals_ms=totals,
        direct=ranked[:top],
        packages=by_package[:top],
        project=[(name, median_ms(own[name]), median_ms(cumulative[name])) for name in own],
    )


def render(summary: Summary, meta: dict[str, Any]) -> str:
    """The summary as Markdown."""
    total = statistics.median(summary.totals_ms)
    lines = [
        f"# Import time of `{summary.module}`",
        "",
        f"- Date: {meta['date']}; commit {commit_text(meta)}; Python {meta['python']}; "
        f"{meta['nproc']} CPUs, {meta['cpu']}{load_text(meta)}",
        f"- Command: `{meta['command']}`: {len(summary.totals_ms)} fresh processes, each running",
        f"  `python -X importtime -c 'import {summary.module}'`; medians, without the interpreter's",
        "  own start-up imports (those of `python -X importtime -c pass`).",
        "",
        f"Total: **{_ms(total)}** (runs: {', '.join(_ms(t) for t in sorted(summary.totals_ms))}).",
        "",
        f"## What `{summary.module}` imports directly, each with all it imported first",
        "",
        "| Module | Cumulative | Share |",
        "|---|---:|---:|",
        *(f"| `{name}` | {_ms(ms)} | {ms / total:.0%} |" for name, ms in summary.direct),
        "",
        "## Self time per top-level package (where the time is spent)",
        "",
        "| Package | Self time | Share |",
        "|---|---:|---:|",
        *(f"| `{name}` | {_ms(ms)} | {ms / total:.0%} |" for name, ms in summary.packages),
        "",
        f"## The project's modules (`{PROJECT}`), in import order",
        "",
        "| Module | Self | Cumulative |",
        "|---|---:|---:|",
        *(f"| `{name}` | {_ms(own)} | {_ms(cum)} |" for name, own, cum in summary.project),
    ]
    return "\n".join(lines) + "\n"


def _ms(milliseconds: float) -> str:
    return f"{milliseconds:.0f} ms" if milliseconds >= 10 else f"{milliseconds:.1f} ms"


def _importtime(statement: str, root: Path) -> list[Import]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"python -c {statement!r} failed in {root}: {last}")
    return parse(done.stderr)


def main(argv: list[str] | None = None) -> int:
    """Measure, summarise and write the report; 0 when written."""
    parser = argparse.ArgumentParser(prog="python -m bench.importtime", description=__doc__)
    parser.add_argument("--module", default="dashboard.app", help="the module to import")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes, median kept")
    parser.add_argument("--top", type=int, default=15, help="rows per table")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "importtime.md")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    startup = {line.module for line in _importtime("pass", ROOT)}
    runs = []
    for run in range(args.runs):
        say(f"importing {args.module}, run {run + 1} of {args.runs}")
        runs.append(_importtime(f"import {args.module}", ROOT))
    summary = summarise(runs, startup, args.module, args.top)
    argv_shown = " ".join(["python -m bench.importtime", *(argv or sys.argv[1:])])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {**stamp(), "command": argv_shown}
    args.out.write_text(render(summary, meta), encoding="utf-8")
    say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
