"""Where the page's time goes, step by step: AppTest runs of the dashboard under pyinstrument.

Usage: ``python -m bench.profiler [--sizes shipped 10000] [--seed 1] [--out bench/results]
[--top 10]`` writes ``profile-<size>.md`` per log. The steps are the AppTest measure's
(``bench/apptest.py``), taken in a fresh process on ``bench/profiled_app.py``, which profiles
each run of the script inside the script's own thread. Each step's samples are summarised three
ways: own time per area (a project module, a library, the standard library), the functions
with the most own time, and the project's functions with the most time including callees.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.apptest import STEP_NAMES, STEPS
from bench.cases import ROOT, Case, budget, generated_case, shipped_case
from bench.fresh import run_probe
from bench.progress import say
from bench.stamp import commit_text, load_text, stamp

PROJECT = ROOT / "dashboard"
STDLIB = Path(sysconfig.get_paths()["stdlib"])
# pyinstrument's stack entries: "function\x00path\x00line", then attributes after "\x01".
Record = tuple[list[str], float]


@dataclass(frozen=True)
class Spent:
    """Seconds spent in one function (``where`` is its file and line) or one area."""

    name: str
    where: str
    seconds: float


@dataclass(frozen=True)
class StepProfile:
    """One step's samples, summarised.

    Attributes:
        step: The step's name (``bench.apptest.STEPS``).
        wall: The AppTest ``run()``'s seconds; None if the step failed.
        error: Why it failed, if it did.
        runs: Script runs profiled in the step (``st.rerun()`` makes a second).
        sampled: Seconds sampled in the script's thread.
        areas: Own time per area, largest first.
        own: The functions with the most own time.
        project: The project's functions with the most time including what they call.
    """

    step: str
    wall: float | None
    error: str | None
    runs: int
    sampled: float
    areas: list[Spent]
    own: list[Spent]
    project: list[Spent]


def frame(entry: str) -> tuple[str, str, str]:
    """A stack entry's function, file and line."""
    function, path, line = [*entry.split("\x01", 1)[0].split("\x00"), "", ""][:3]
    return function, path, line


def area(path: str) -> str:
    """Where a file belongs: a project module by its path, a library by its top-level package."""
    file = Path(path)
    if file.is_relative_to(ROOT) and not file.is_relative_to(ROOT / ".venv"):
        return str(file.relative_to(ROOT))
    if "site-packages" in file.parts:
        return file.parts[file.parts.index("site-packages") + 1].removesuffix(".py")
    if file.is_relative_to(STDLIB) or path.startswith("<frozen"):
        return "python (standard library)"
    return "other"


def location(path: str, line: str) -> str:
    """A short place for a function: relative to the project, site-packages or the stdlib."""
    file = Path(path)
    if file.is_relative_to(ROOT) and not file.is_relative_to(ROOT / ".venv"):
        shown = str(file.relative_to(ROOT))
    elif "site-packages" in file.parts:
        shown = "/".join(file.parts[file.parts.index("site-packages") + 1 :])
    elif file.is_relative_to(STDLIB):
        shown = str(file.relative_to(STDLIB))
    else:
        shown = path
    return f"{shown}:{line}"


def summarise(
    records: Iterable[Record], top: int
) -> tuple[float, list[Spent], list[Spent], list[Spent]]:
    """Sampled seconds, own time per area, top functions by own time, top project functions by
    total time, from pyinstrument's frame records (each a stack, root first, and its seconds)."""
    sampled = 0.0
    areas: dict[str, float] = defaultdict(float)
    # Keyed on (function, file, line, whether a built-in called from that file and line).
    own: dict[tuple[str, str, str, bool], float] = defaultdict(float)
    total: dict[tuple[str, str, str], float] = defaultdict(float)
    for stack, seconds in records:
        if not stack:
            continue
        sampled += seconds
        leaf = frame(stack[-1])
        # A built-in (C) function's time belongs to the code that called it.
        caller = next((frame(e) for e in reversed(stack) if _has_file(frame(e))), leaf)
        areas[area(caller[1])] += seconds
        own[(leaf[0], caller[1], caller[2], caller != leaf)] += seconds
        # A function that recurses is counted once per sample.
        for entry in {frame(entry) for entry in stack}:
            if Path(entry[1]).is_relative_to(PROJECT):
                total[entry] += seconds
    return (
        sampled,
        _largest([Spent(name, "", s) for name, s in areas.items()], top),
        _largest([Spent(f, _where(p, n, b), s) for (f, p, n, b), s in own.items()], top),
        _largest([Spent(f, location(p, n), s) for (f, p, n), s in total.items()], top),
    )


def _where(path: str, line: str, builtin: bool) -> str:
    return ("built-in, from " if builtin else "") + location(path, line)


def _has_file(entry: tuple[str, str, str]) -> bool:
    return not entry[1].startswith("<built-in")


def _largest(spent: list[Spent], top: int) -> list[Spent]:
    return sorted(spent, key=lambda item: (-item.seconds, item.name, item.where))[:top]


def profile_case(case: Case, top: int) -> tuple[list[StepProfile], dict[str, Any]]:
    """Every AppTest step of the dashboard on ``case``'s log, profiled in a fresh process."""
    from pyinstrument.session import Session

    timeout = budget(case.events)
    topic = run_probe("parse", str(case.path), timeout=timeout)["topic"]
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
        measured = run_probe(
            "apptest",
            "bench/profiled_app.py",
            topic["id"],
            str(timeout),
            ",".join(STEP_NAMES),
            folder,
            topic.get("search", ""),
            timeout=2 * timeout + 60,
            env={"VISIT_LOG": str(case.path)},
            partial=True,
        )
        profiles = []
        for step in STEP_NAMES:
            sessions = [Session.load(path) for path in sorted(Path(folder).glob(f"{step}-*.json"))]
            records = [record for session in sessions for record in session.frame_records]
            sampled, areas, own, project = summarise(records, top)
            profiles.append(
                StepProfile(
                    step=step,
                    wall=measured.get("steps", {}).get(step),
                    error=measured.get("errors", {}).get(step) or measured.get("error"),
                    runs=len(sessions),
                    sampled=sampled,
                    areas=areas,
                    own=own,
                    project=project,
                )
            )
    return profiles, topic


def render(
    case: Case, profiles: Sequence[StepProfile], topic: dict[str, Any], meta: dict[str, Any]
) -> str:
    """The profile of one log as Markdown: an overview, then each step's three tables."""
    labels = {step.name: step.label for step in STEPS}
    lines = [
        f"# Where a rerun's time goes: {case.label} events",
        "",
        f"- Date: {meta['date']}; commit {commit_text(meta)}; Python {meta['python']}; "
        f"{meta['nproc']} CPUs, {meta['cpu']}{load_text(meta)}",
        f"- Command: `{meta['command']}`; pyinstrument {meta['pyinstrument']}, 1 ms samples in",
        "  the script's thread (`bench/profiled_app.py`); the log "
        f"`{meta['log']}`; the topic chosen: `{topic['id']}`.",
        "- The steps are `python -m bench`'s AppTest steps, in one fresh process. A first run's",
        "  wall time includes importing the page, which is not sampled (see importtime.md).",
        "  Sampling slows the page down; read the shares, not the seconds.",
        "",
        "| Step | Wall (AppTest run) | Sampled | Script runs | Largest own-time areas |",
        "|---|---:|---:|---:|---|",
    ]
    for profile in profiles:
        wall = _s(profile.wall) if profile.wall is not None else (profile.error or "n/a")
        shares = ", ".join(f"{a.name} {_share(a, profile)}" for a in profile.areas[:3])
        lines.append(
            f"| {labels[profile.step]} | {wall} | {_s(profile.sampled)} | {profile.runs} | {shares} |"
        )
    for profile in profiles:
        lines += ["", f"## {labels[profile.step]}", ""]
        if not profile.sampled:
            lines.append(f"No samples: {profile.error or 'the step made no script run'}.")
            continue
        lines += [
            "Own time by area:",
            "",
            "| Area | Own | Share |",
            "|---|---:|---:|",
            *(f"| `{a.name}` | {_s(a.seconds)} | {_share(a, profile)} |" for a in profile.areas),
            "",
            "Functions with the most own time:",
            "",
            "| Function | Where | Own | Share |",
            "|---|---|---:|---:|",
            *_function_rows(profile.own, profile),
            "",
            "The project's functions with the most time, including what they call:",
            "",
            "| Function | Where | Total | Share |",
            "|---|---|---:|---:|",
            *_function_rows(profile.project, profile),
        ]
    return "\n".join(lines) + "\n"


def _function_rows(spent: list[Spent], profile: StepProfile) -> list[str]:
    return [f"| `{s.name}` | `{s.where}` | {_s(s.seconds)} | {_share(s, profile)} |" for s in spent]


def _share(spent: Spent, profile: StepProfile) -> str:
    return f"{spent.seconds / profile.sampled:.0%}"


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _case(size: str, seed: int) -> tuple[Case, str]:
    """The log for a ``--sizes`` entry, and the stem of its report's name."""
    if size == "shipped":
        return shipped_case(), "shipped"
    return generated_case(int(size), seed), size


def main(argv: list[str] | None = None) -> int:
    """Profile each log and write its report; 0 when written."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.profiler", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes", nargs="+", default=["shipped", "10000"], help='"shipped" or a number of events'
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results", help="results folder"
    )
    parser.add_argument("--top", type=int, default=10, help="rows per table")
    args = parser.parse_args(argv)
    bad = [size for size in args.sizes if size != "shipped" and not size.isdigit()]
    if bad:
        parser.error(f"--sizes takes 'shipped' or a number of events, not {', '.join(bad)}")
    command = " ".join(["python -m bench.profiler", *(argv if argv is not None else sys.argv[1:])])
    for size in args.sizes:
        case, stem = _case(size, args.seed)
        say(f"profiling {case.label} events")
        profiles, topic = profile_case(case, args.top)
        meta = {
            **stamp(),
            "command": command,
            "pyinstrument": version("pyinstrument"),
            "log": str(case.path.relative_to(ROOT)),
        }
        out = args.out / f"profile-{stem}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(case, profiles, topic, meta), encoding="utf-8")
        say(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
