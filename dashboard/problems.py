"""Problems found in a log: where (file, line, field path), what, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a log, worded for the person who wrote it.

    Args:
        file: The log's file name, as the user knows it.
        line: 1-based line in that file, or None where no line applies (an empty file).
        path: The field, e.g. ``events[2].points[4].source.quote``; ``""`` for the whole document.
        message: What is wrong, in plain words.
        hint: How to fix it.
    """

    file: str
    line: int | None
    path: str
    message: str
    hint: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = self.path or "(document)"
        return f"{where}: {field}: {self.message}. {self.hint}"


class LogError(Exception):
    """A log that cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def format_path(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """Render a field path the way people read it: ``events[2].points[4].source.quote``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
