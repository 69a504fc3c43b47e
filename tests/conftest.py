"""Shared fixtures: the shipped log, its frames, and a way to write variants of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.load import DEFAULT_LOG, Frames, Log, build_frames, read_log

SHIPPED_TEXT = DEFAULT_LOG.read_text(encoding="utf-8")
OTHER_VISIT = Path(__file__).parent / "fixtures" / "other_visit" / "events.yaml"


@pytest.fixture(scope="session")
def shipped_log() -> Log:
    """The shipped log, validated once per test session."""
    return read_log(DEFAULT_LOG)


@pytest.fixture(scope="session")
def frames_en(shipped_log: Log) -> Frames:
    """The shipped log's frames in English."""
    return build_frames(shipped_log, "en")


@pytest.fixture(scope="session")
def frames_hi(shipped_log: Log) -> Frames:
    """The shipped log's frames in Hindi."""
    return build_frames(shipped_log, "hi")


@pytest.fixture(scope="session")
def other_frames() -> Frames:
    """A second, unrelated log's frames (tests/fixtures/other_visit): nothing here is the visit's."""
    return build_frames(read_log(OTHER_VISIT), "en")


@pytest.fixture
def variant(tmp_path: Path) -> Callable[..., Path]:
    """Write the shipped log with text replacements next to a copy of its source; return its path.

    Each replacement's old text must occur in the shipped log, so a test never silently checks
    an unchanged file.
    """
    (tmp_path / "sources").mkdir()
    source = DEFAULT_LOG.parent / "sources" / "article.hi.txt"
    (tmp_path / "sources" / "article.hi.txt").write_bytes(source.read_bytes())

    def write(*replacements: tuple[str, str], count: int = 1) -> Path:
        text = SHIPPED_TEXT
        for old, new in replacements:
            assert old in text, f"not in the shipped log: {old!r}"
            text = text.replace(old, new, count)
        path = tmp_path / "events.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def line_of(text: str, fragment: str) -> int:
    """The 1-based line where ``fragment`` first occurs in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1
