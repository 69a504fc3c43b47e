"""The logs a run measures, the shipped one and generated ones, and how long a step may take."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.progress import say

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_LOG = ROOT / "data" / "events.yaml"
CACHE = ROOT / ".cache" / "bench"
DEFAULT_SIZES = (100, 1_000, 10_000, 50_000)
# Sizes from here on are run once by default: one load takes minutes there.
LARGE = 10_000


@dataclass(frozen=True)
class Case:
    """One log to measure: the shipped log, or a generated one of ``events`` events."""

    label: str
    events: int
    path: Path

    @property
    def shipped(self) -> bool:
        """Whether this is the shipped log, where the ratio goals are set."""
        return self.path == SHIPPED_LOG


def budget(events: int) -> float:
    """Seconds any one step may take at ``events`` events: generous, since a load is slow."""
    return 300 + 0.02 * events


def shipped_case() -> Case:
    """The shipped log, labelled with its number of events."""
    import yaml_rs

    document: dict[str, Any] = yaml_rs.loads(SHIPPED_LOG.read_text(encoding="utf-8"))  # type: ignore[assignment]  # yaml_rs returns object
    events = len(document["events"])
    return Case(f"{events} (shipped)", events, SHIPPED_LOG)


def generated_case(size: int, seed: int) -> Case:
    """A generated log of ``size`` events, written once into the cache folder."""
    from bench.generate import write

    folder = CACHE / f"seed-{seed}"
    path = folder / f"events-{size}.yaml"
    if not path.exists():
        say(f"writing {path.relative_to(ROOT)}")
        path = write(size, seed, folder)
    return Case(f"{size:,}", size, path)


def cases(sizes: list[int], seed: int) -> list[Case]:
    """The shipped log, then one generated log per size."""
    return [shipped_case(), *(generated_case(size, seed) for size in sizes)]
