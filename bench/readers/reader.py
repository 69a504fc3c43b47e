"""A simulated reader: opens the page, then changes a filter, the language or the count, and
thinks for a while before the next change, until told to stop."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.readers.protocol import Session, SessionLost, choose

# Where readers start: the page's own URLs, as readers share them (dashboard/urlstate.py).
START_QUERIES = (
    "",
    "lang=hi",
    "topic=syria",
    "lang=hi&format=virtual",
    "participant=lavrov",
    "from=2021-05-13",
    "lang=hi&topic=israel-palestine",
    "count_by=events",
)
# How often a reader makes each change: filters and counts often, the language now and then.
ACTIONS = {"topics": 4, "count_by": 4, "lang": 2}
THINK_SECONDS = (3.0, 7.0)


@dataclass(frozen=True)
class Rerun:
    """One timed rerun: which change caused it, when it started (monotonic) and its cost."""

    action: str
    started: float
    seconds: float
    bytes: int


@dataclass
class ReaderLog:
    """Everything one reader saw: its reruns, its errors, and whether its session was lost."""

    query: str
    opened_seconds: float | None = None
    reruns: list[Rerun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lost: str | None = None


def seeded(seed: int) -> random.Random:
    """The random choices of a reader (or of arrivals), the same on every run of a seed."""
    return random.Random(seed)  # noqa: S311 - simulated readers' choices, not secrets


def next_change(session: Session, action: str, rng: random.Random) -> tuple[WidgetState, str]:
    """The widget state a reader sends for ``action``, and the fragment it reruns ("" for all).

    Topics: a new choice of none, one or two topics. Language and count: the other option.
    """
    widget = session.widgets[action]
    if action == "topics":
        while True:
            picked = rng.sample(widget.options, k=rng.choice((0, 1, 1, 2)))
            if tuple(picked) != widget.value:
                return choose(widget, picked), widget.fragment_id
    others = [option for option in widget.options if (option,) != widget.value]
    return choose(widget, [rng.choice(others)]), widget.fragment_id


async def read(
    url: str,
    log: ReaderLog,
    rng: random.Random,
    stop: asyncio.Event,
    *,
    think: tuple[float, float] = THINK_SECONDS,
    max_reruns: int | None = None,
    timeout: float = 120,
    on_open: Callable[[], None] = lambda: None,
) -> ReaderLog:
    """One reader, starting at ``log.query``, until ``stop`` is set or ``max_reruns`` are done.

    ``log`` is filled in as the reader goes, so a reader cut off keeps what it did. A change is
    never made while ``stop`` is set, and a think time ends early when it is set, so the reader
    ends within one rerun (at most ``timeout``) of being told to.
    """
    session: Session | None = None
    try:
        started = time.perf_counter()
        session = await Session.open(url, log.query, timeout=timeout)
        first = await session.run(timeout=timeout)
        log.opened_seconds = time.perf_counter() - started
        log.errors += first.errors
        on_open()
        while max_reruns is None or len(log.reruns) < max_reruns:
            with_time_to_think = rng.uniform(*think)
            try:
                await asyncio.wait_for(stop.wait(), timeout=with_time_to_think)
                break  # told to stop while thinking
            except TimeoutError:
                pass
            action = _pick_action(session, rng)
            change, fragment_id = next_change(session, action, rng)
            rerun_started = time.monotonic()
            run = await session.run([change], fragment_id, timeout=timeout)
            log.reruns.append(Rerun(action, rerun_started, run.seconds, run.bytes))
            log.errors += run.errors
    except SessionLost as lost:
        log.lost = str(lost)
    except OSError as error:  # the page or the websocket could not be reached at all
        log.lost = f"could not connect: {error}"
    finally:
        if session is not None:
            await session.close()
        if log.opened_seconds is None:
            on_open()  # a reader who never got in must not hold the others up
    return log


def _pick_action(session: Session, rng: random.Random) -> str:
    """A change the page offers now, weighted by ``ACTIONS``."""
    offered = {action: weight for action, weight in ACTIONS.items() if action in session.widgets}
    if not offered:
        raise SessionLost(f"the page offers none of {list(ACTIONS)}")
    return rng.choices(list(offered), weights=list(offered.values()))[0]
