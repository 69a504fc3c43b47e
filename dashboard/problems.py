"""Problems found in a log: where (file, line, field path), what, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with a log, worded for the person who wrote it.

    Build one with keyword arguments: three of its five fields are text, and a swapped message
    and hint would still type-check.

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
    """Render a field path the way people read it: ``events[2].points[4].source.quote``.

    A key can be as long as the file; each is shortened so the path stays readable.
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = shorten(str(part))
            out += f".{name}" if out else name
    return out


def shorten(text: str, limit: int = 60) -> str:
    """``text``, cut to at most ``limit`` characters with an ellipsis.

    Anything quoted from a log goes through here: a message must never echo a 10 MB value back.
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"
