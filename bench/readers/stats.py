"""A crowd's measurement in figures: reruns per second, latency percentiles, errors, CPU."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bench.readers.crowd import Crowd


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.95 is p95) of a non-empty sample."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Summary:
    """One row of the table: ``readers`` readers against ``replicas`` replicas."""

    readers: int
    replicas: int
    reruns: int
    window_seconds: float
    reruns_per_second: float
    median_seconds: float | None
    p95_seconds: float | None
    errors: int
    lost_sessions: int
    server_cpu_per_rerun: float | None  # the replicas', children included
    nginx_cpu_per_rerun: float | None
    generator_cpu_per_rerun: float | None
    kilobytes_per_rerun: float | None
    by_action: dict[str, dict[str, float]]  # action -> reruns, median seconds
    first_page_median_seconds: float | None
    error_samples: tuple[str, ...]
    sessions_per_replica: tuple[int, ...] = ()  # how the sticky hash spread the readers
    replica_peak_rss_megabytes: float | None = None  # the largest replica's, so far
    load_average: float | None = None  # the machine's 1-minute average, after the crowd
    round: int = 1  # which of the rounds of this crowd on the same long-lived servers
    replica_rss_megabytes: float | None = None  # the largest replica's resident memory, after


def summarise(crowd: Crowd, replicas: int) -> Summary:
    """Figures for the reruns that finished inside the crowd's window.

    Reruns before the window (readers still arriving) and after it (readers told to stop) are
    left out, so the rate, the latencies and the CPU all describe the same seconds.
    """
    start, end = crowd.window
    timed = [
        rerun
        for log in crowd.logs
        for rerun in log.reruns
        if rerun.started >= start and rerun.started + rerun.seconds <= end
    ]
    seconds = [rerun.seconds for rerun in timed]
    window = max(end - start, 1e-9)
    errors = [error for log in crowd.logs for error in log.errors]
    lost = [log.lost for log in crowd.logs if log.lost is not None]
    if not crowd.all_opened:
        lost.append("some readers never got their first page")

    def per_rerun(total: float | None) -> float | None:
        return total / len(timed) if timed and total is not None else None

    by_action: dict[str, dict[str, float]] = {}
    for action in sorted({rerun.action for rerun in timed}):
        taken = [rerun.seconds for rerun in timed if rerun.action == action]
        by_action[action] = {"reruns": len(taken), "median_seconds": statistics.median(taken)}
    first_pages = [log.opened_seconds for log in crowd.logs if log.opened_seconds is not None]
    return Summary(
        readers=crowd.readers,
        replicas=replicas,
        reruns=len(timed),
        window_seconds=window,
        reruns_per_second=len(timed) / window,
        median_seconds=statistics.median(seconds) if seconds else None,
        p95_seconds=percentile(seconds, 0.95) if seconds else None,
        errors=len(errors) + len(lost),
        lost_sessions=len(lost),
        server_cpu_per_rerun=per_rerun(crowd.cpu_seconds.get("replicas")),
        nginx_cpu_per_rerun=per_rerun(crowd.cpu_seconds.get("nginx")),
        generator_cpu_per_rerun=per_rerun(crowd.generator_cpu_seconds),
        kilobytes_per_rerun=per_rerun(sum(rerun.bytes for rerun in timed) / 1000),
        by_action=by_action,
        first_page_median_seconds=statistics.median(first_pages) if first_pages else None,
        error_samples=tuple(sorted(set(errors + lost)))[:5],
    )
