"""The load table in Markdown and JSON, with which of the issue's goals hold."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.readers.stats import Summary

METHOD = (
    "Each simulated reader is a Streamlit session on `/_stcore/stream` speaking the protobuf "
    "`BackMsg`/`ForwardMsg` messages of the installed streamlit, through nginx with sticky "
    "cookies (`deploy/serve.py`). It opens the page at one of eight shared URLs, then changes the "
    "topics filter, the language or the topic chart's count (a fragment rerun), thinking {think} s "
    "between changes. A rerun is timed from its `rerun_script` message to its `script_finished`; "
    "only reruns inside the window (all readers in, then a fixed time) count. Server CPU is the "
    "replicas' own, from /proc, over the same window. The generator runs on the same cores as the "
    "servers; its CPU per rerun is shown so its share can be judged."
)


@dataclass(frozen=True)
class Goal:
    """One of the issue's goals: what it asks, what was measured, and whether it holds."""

    asks: str
    measured: str
    holds: bool | None  # None: not measured in this run


def _row(rows: Sequence[Summary], readers: int, replicas: int) -> Summary | None:
    return next((r for r in rows if r.readers == readers and r.replicas == replicas), None)


# Steady state on one long-lived server: the fourth round of a crowd costs at most this many times
# the first in server CPU per rerun, and memory after the second round stays within this factor of
# the second round's (the first rounds fill the caches; after them a server must stop growing).
CPU_DRIFT = 1.1
MEMORY_DRIFT = 1.05
STEADY_ROUND = 4
# Round 4 as fast as round 1: its median rerun within CPU_DRIFT of round 1's, give or take this
# many seconds, as medians of a few tens of milliseconds move by that much between rounds. A
# saturated replica's queue shows here even when its CPU per rerun does not grow.
MEDIAN_SLACK = 0.01


def steady_goals(rows: Sequence[Summary]) -> list[Goal]:
    """Per crowd run in rounds: round 4 against round 1 in CPU per rerun and in median rerun,
    and the memory of every round after the second against the second's. Nothing is claimed
    without the rounds compared."""
    found: list[Goal] = []
    crowds = sorted({(r.replicas, r.readers) for r in rows if r.round > 1})
    for replicas, readers in crowds:
        rounds = {r.round: r for r in rows if (r.replicas, r.readers) == (replicas, readers)}
        who = f"{readers} readers on {replicas} replica(s)"
        first, fourth = rounds.get(1), rounds.get(STEADY_ROUND)
        if first and fourth and first.server_cpu_per_rerun and fourth.server_cpu_per_rerun:
            ratio = fourth.server_cpu_per_rerun / first.server_cpu_per_rerun
            medians = (
                f"; median rerun {first.median_seconds:.2f} → {fourth.median_seconds:.2f} s"
                if first.median_seconds is not None and fourth.median_seconds is not None
                else ""
            )
            found.append(
                Goal(
                    f"{who}: round {STEADY_ROUND}'s server CPU per rerun ≤ {CPU_DRIFT:g}× "
                    "round 1's",
                    f"{ratio:.2f}× ({first.server_cpu_per_rerun * 1000:.0f} → "
                    f"{fourth.server_cpu_per_rerun * 1000:.0f} ms){medians}",
                    ratio <= CPU_DRIFT,
                )
            )
        else:
            found.append(
                Goal(f"{who}: CPU per rerun, round {STEADY_ROUND} against 1", "not measured", None)
            )
        if first and fourth and first.median_seconds and fourth.median_seconds:
            ratio = fourth.median_seconds / first.median_seconds
            found.append(
                Goal(
                    f"{who}: round {STEADY_ROUND}'s median rerun ≤ {CPU_DRIFT:g}× round 1's "
                    f"(+{MEDIAN_SLACK * 1000:.0f} ms)",
                    f"{ratio:.2f}× ({first.median_seconds:.2f} → {fourth.median_seconds:.2f} s)",
                    fourth.median_seconds <= first.median_seconds * CPU_DRIFT + MEDIAN_SLACK,
                )
            )
        else:
            found.append(
                Goal(f"{who}: median rerun, round {STEADY_ROUND} against 1", "not measured", None)
            )
        second = rounds.get(2)
        later = [r.replica_rss_megabytes for n, r in sorted(rounds.items()) if n > 2]
        if second and second.replica_rss_megabytes and later and None not in later:
            worst = max(rss for rss in later if rss is not None)
            ratio = worst / second.replica_rss_megabytes
            found.append(
                Goal(
                    f"{who}: replica memory flat after round 2 (every later round ≤ "
                    f"{MEMORY_DRIFT:g}× round 2's)",
                    f"{ratio:.2f}× (round 2: {second.replica_rss_megabytes:.0f} MB; later: "
                    + ", ".join(f"{rss:.0f}" for rss in later if rss is not None)
                    + " MB)",
                    ratio <= MEMORY_DRIFT,
                )
            )
        else:
            found.append(Goal(f"{who}: memory after round 2", "not measured", None))
    return found


def goals(rows: Sequence[Summary]) -> list[Goal]:
    """The issue's goals as ratios within this run: 32 readers on 2 replicas against 1 reader
    on 2 replicas, and the best rate of 2 replicas against the best of 1; with rounds, the
    steady-state goals too (``steady_goals``)."""
    found: list[Goal] = []
    alone, crowd = _row(rows, 1, 2), _row(rows, 32, 2)
    if alone and crowd and alone.median_seconds and crowd.median_seconds and crowd.p95_seconds:
        median_ratio = crowd.median_seconds / alone.median_seconds
        p95_ratio = crowd.p95_seconds / alone.median_seconds
        found += [
            Goal(
                "32 readers on 2 replicas: median rerun ≤ 4× one reader's median",
                f"{median_ratio:.1f}× ({crowd.median_seconds:.2f} s / {alone.median_seconds:.2f} s)",
                median_ratio <= 4,
            ),
            Goal(
                "32 readers on 2 replicas: p95 rerun ≤ 8× one reader's median",
                f"{p95_ratio:.1f}× ({crowd.p95_seconds:.2f} s / {alone.median_seconds:.2f} s)",
                p95_ratio <= 8,
            ),
            Goal(
                "32 readers on 2 replicas: no errors, no lost sessions",
                f"{crowd.errors} errors, {crowd.lost_sessions} lost sessions",
                crowd.errors == 0 and crowd.lost_sessions == 0,
            ),
        ]
    else:
        found.append(Goal("32 readers against 1 reader, on 2 replicas", "not measured", None))
    best = {
        n: max((r.reruns_per_second for r in rows if r.replicas == n), default=0.0) for n in (1, 2)
    }
    if best[1] and best[2]:
        ratio = best[2] / best[1]
        found.append(
            Goal(
                "reruns per second at saturation: 2 replicas ≥ 1.7× one replica",
                f"{ratio:.2f}× ({best[2]:.2f} / {best[1]:.2f} reruns/s, the best of each)",
                ratio >= 1.7,
            )
        )
    else:
        found.append(Goal("throughput of 2 replicas against 1", "not measured", None))
    return found + steady_goals(rows)


def _cell(value: float | None, digits: int = 2, scale: float = 1.0) -> str:
    """A table cell: the value scaled and rounded, or a dash for what was not measured."""
    return "–" if value is None else f"{value * scale:.{digits}f}"


def markdown(rows: Sequence[Summary], context: dict[str, str]) -> str:
    """The results page: how it was measured, the table, and the goals."""
    lines = [
        "# Many readers: reruns under load, spoken in Streamlit's own protocol",
        "",
        f"Measured {context['measured']} at commit {context['commit']} on {context['machine']}; "
        f"load average before the run: {context['load_before']}. The machine is shared: a load "
        "average well above the servers' own (about 1 per busy replica) means others were running.",
        "",
        f"Command: `{context['command']}`",
        "",
        f"Server options from the environment: {context.get('server_environment', 'none')}; the "
        "rest come from `.streamlit/config.toml`.",
        "",
        METHOD.format(think=context["think_seconds"]),
        "",
        "| replicas | readers | round | reruns | reruns/s | median (s) | p95 (s) | errors | lost sessions "
        "| server CPU (ms/rerun) | nginx CPU (ms/rerun) | generator CPU (ms/rerun) | kB/rerun "
        "| first page, median (s) | sessions per replica | replica peak memory (MB) "
        "| replica memory after (MB) | load average after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            "| "
            + " | ".join(
                [
                    str(r.replicas),
                    str(r.readers),
                    str(r.round),
                    str(r.reruns),
                    _cell(r.reruns_per_second),
                    _cell(r.median_seconds),
                    _cell(r.p95_seconds),
                    str(r.errors),
                    str(r.lost_sessions),
                    _cell(r.server_cpu_per_rerun, 0, 1000),
                    _cell(r.nginx_cpu_per_rerun, 0, 1000),
                    _cell(r.generator_cpu_per_rerun, 0, 1000),
                    _cell(r.kilobytes_per_rerun, 0),
                    _cell(r.first_page_median_seconds),
                    " / ".join(map(str, r.sessions_per_replica)) or "–",
                    _cell(r.replica_peak_rss_megabytes, 0),
                    _cell(r.replica_rss_megabytes, 0),
                    _cell(r.load_average, 1),
                ]
            )
            + " |"
        )
    lines += ["", "Median rerun by change (s):", ""]
    actions = sorted({action for r in rows for action in r.by_action})
    lines += [
        "| replicas | readers | round | " + " | ".join(actions) + " |",
        "|---:|---:|---:|" + "---:|" * len(actions),
    ]
    for r in rows:
        cells = [
            f"{r.by_action[a]['median_seconds']:.2f} ({r.by_action[a]['reruns']:.0f})"
            if a in r.by_action
            else "–"
            for a in actions
        ]
        lines.append(f"| {r.replicas} | {r.readers} | {r.round} | " + " | ".join(cells) + " |")
    lines += ["", "## Goals", ""]
    for goal in goals(rows):
        verdict = {True: "holds", False: "missed", None: "not measured"}[goal.holds]
        lines.append(f"- **{verdict}**: {goal.asks}: {goal.measured}")
    errors = sorted({e for r in rows for e in r.error_samples})
    if errors:
        lines += ["", "Errors seen (samples):", "", *(f"- `{e}`" for e in errors[:10])]
    return "\n".join(lines) + "\n"


def write(rows: Sequence[Summary], context: dict[str, str], out: Path) -> None:
    """``out`` (Markdown) and the same figures as JSON beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(rows, context), encoding="utf-8")
    data = {
        **context,
        "rows": [asdict(r) for r in rows],
        "goals": [asdict(g) for g in goals(rows)],
    }
    out.with_suffix(".json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
