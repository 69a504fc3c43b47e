"""Many readers at once for a bounded time, and the measurement window they are timed in."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.readers.protocol import Session
from bench.readers.reader import (
    ACTIONS,
    START_QUERIES,
    THINK_SECONDS,
    ReaderLog,
    next_change,
    read,
    seeded,
)

CpuSample = Callable[[], dict[str, float]]


@dataclass(frozen=True)
class Crowd:
    """What a crowd of readers did, and the window (monotonic seconds) they were measured in."""

    readers: int
    logs: tuple[ReaderLog, ...]
    window: tuple[float, float]
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # per process group, in the window
    generator_cpu_seconds: float = 0.0
    all_opened: bool = True


async def gather_readers(
    url: str,
    readers: int,
    *,
    duration: float,
    think: tuple[float, float] = THINK_SECONDS,
    seed: int = 0,
    timeout: float = 120,
    max_reruns: int | None = None,
    cpu: CpuSample = dict,
) -> Crowd:
    """``readers`` readers on ``url``, measured for ``duration`` seconds once all are in.

    Readers arrive spread over one think time, as people do. The window opens when the last one
    has its first page (or after ``timeout``) and closes after ``duration`` seconds, or sooner
    when every reader has done ``max_reruns``. Then every reader is told to stop, and has one
    ``timeout`` to finish its rerun. Nothing outlives the call.
    """
    rng = seeded(seed)
    stop = asyncio.Event()
    all_in = asyncio.Event()
    opened = 0

    def on_open() -> None:
        nonlocal opened
        opened += 1
        if opened == readers:
            all_in.set()

    logs = [ReaderLog(START_QUERIES[i % len(START_QUERIES)]) for i in range(readers)]

    async def arrive(index: int, delay: float) -> ReaderLog:
        await asyncio.sleep(delay)
        return await read(
            url,
            logs[index],
            seeded(seed * 1_000_003 + index),
            stop,
            think=think,
            max_reruns=max_reruns,
            timeout=timeout,
            on_open=on_open,
        )

    arrivals = [rng.uniform(0, think[1]) if readers > 1 else 0.0 for _ in range(readers)]
    tasks = [asyncio.create_task(arrive(i, delay)) for i, delay in enumerate(arrivals)]
    try:
        all_opened = True
        try:
            await asyncio.wait_for(all_in.wait(), timeout=max(arrivals) + timeout)
        except TimeoutError:
            all_opened = False
        start, cpu_start, own_start = time.monotonic(), cpu(), time.process_time()
        await asyncio.wait(tasks, timeout=duration)
        end, cpu_end, own_end = time.monotonic(), cpu(), time.process_time()
        stop.set()
        _, late = await asyncio.wait(tasks, timeout=timeout + 10)
        for task in late:
            logs[tasks.index(task)].lost = f"still in a rerun {timeout + 10:.0f} s after the end"
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return Crowd(
        readers,
        tuple(logs),
        (start, end),
        {name: cpu_end.get(name, 0.0) - used for name, used in cpu_start.items()},
        own_end - own_start,
        all_opened,
    )


async def warm(url: str, timeout: float = 120) -> None:
    """One reader's page and each of its changes, so no measured reader pays for first imports."""
    session = await Session.open(url, timeout=timeout)
    try:
        await session.run(timeout=timeout)
        rng = seeded(0)
        for action in ACTIONS:
            change, fragment_id = next_change(session, action, rng)
            await session.run([change], fragment_id, timeout=timeout)
    finally:
        await session.close()
