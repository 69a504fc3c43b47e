"""The synthetic-log generator: deterministic, valid, and the size asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.generate import PARTICIPANTS, SOURCE_PATH, TOPICS, generate, main, write
from dashboard.load import Frames, build_frames, read_log

try:  # a Rust YAML parser, about 20 times faster than libyaml here, keeps these tests quick
    from yaml_rs import loads as _fast_loads
except ImportError:  # pragma: no cover - the lock file installs it
    _fast_loads = None


def _parse(text: str) -> dict[str, Any]:
    """The YAML text as plain values, to count what it holds independently of the loader."""
    if _fast_loads is not None:
        return _fast_loads(text)  # type: ignore[no-any-return]  # yaml_rs returns object
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@pytest.fixture(scope="module")
def small_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(100, 7, tmp_path_factory.mktemp("logs"))


@pytest.fixture(scope="module")
def frames(small_log: Path) -> Frames:
    return build_frames(read_log(small_log), "en")


def test_same_seed_gives_the_same_bytes() -> None:
    """Two runs with one seed produce identical log and source text."""
    assert generate(50, 3) == generate(50, 3)


def test_another_seed_gives_another_log() -> None:
    """A different seed produces a different log and a different source."""
    first, second = generate(50, 3), generate(50, 4)
    assert first[0] != second[0]
    assert first[1] != second[1]


def test_source_depends_on_the_seed_alone() -> None:
    """Logs of different sizes from one seed cite one source text, so they can share a folder."""
    assert generate(10, 5)[1] == generate(200, 5)[1]


def test_written_log_passes_validation(frames: Frames) -> None:
    """A written 100-event log loads through read_log and gives one frame row per event."""
    assert len(frames.events) == 100
    assert len(frames.participants) == PARTICIPANTS
    assert len(frames.topics) == TOPICS


def test_frames_hold_every_point(small_log: Path, frames: Frames) -> None:
    """The points frame has one row for each point the YAML lists, about five per event."""
    document = _parse(small_log.read_text(encoding="utf-8"))
    expected = sum(len(event["points"]) for event in document["events"])
    assert len(frames.points) == expected
    assert 3 * 100 <= expected <= 7 * 100


def test_both_timed_and_untimed_events(frames: Frames) -> None:
    """Some events carry a cited clock time and some are known only by their day."""
    timed = frames.events["time_reported"]
    assert timed.any()
    assert not timed.all()
    assert frames.events.loc[timed, "start"].notna().all()
    assert frames.events.loc[~timed, "start"].isna().all()


def test_both_formats_appear(frames: Frames) -> None:
    """Events are held both in person and online."""
    assert set(frames.events["format"]) == {"in-person", "virtual"}


def test_sequence_counts_from_one_within_each_day(frames: Frames) -> None:
    """Within each day, events are numbered 1, 2, 3 ... in log order."""
    for _, day in frames.events.groupby("date", sort=False):
        assert day["sequence"].tolist() == list(range(1, len(day) + 1))


def test_log_has_the_number_of_events_asked_for() -> None:
    """A 1,000-event log lists exactly 1,000 events, with unique ids."""
    events = _parse(generate(1_000, 1)[0])["events"]
    assert len(events) == 1_000
    assert len({event["id"] for event in events}) == 1_000


def test_empty_log_is_valid_yaml() -> None:
    """A log of no events still parses, with an empty event list."""
    assert _parse(generate(0, 1)[0])["events"] == []


def test_cli_writes_the_log_and_its_source(tmp_path: Path) -> None:
    """The command line writes events-N.yaml and the source beside it."""
    assert main(["--events", "10", "--seed", "2", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "events-10.yaml").is_file()
    assert (tmp_path / SOURCE_PATH).is_file()
