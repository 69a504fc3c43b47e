"""The texts a log cites, read from the log's folder or from an upload, one paragraph a line.

A source that cannot be read is not an error here: it is a :class:`SourceText` that says why,
so the checks can name the field that cites it, alongside every other problem of the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dashboard.problems import shorten


@dataclass(frozen=True)
class SourceText:
    """A cited source as read: its paragraphs, or why it could not be read.

    Attributes:
        paragraphs: One per line of the file, line ends removed; empty when it was not read.
        failure: Why it could not be read, worded for the log's author; None when it was read.
        hint: How to fix that, where it is more particular than the general advice.
    """

    paragraphs: list[str]
    failure: str | None = None
    hint: str | None = None

    @classmethod
    def unreadable(cls, failure: str, hint: str | None = None) -> SourceText:
        """A source that could not be read, for the reason given."""
        return cls(paragraphs=[], failure=failure, hint=hint)


def read_sources(
    paths: Iterable[str], base_dir: Path | None, uploaded: Mapping[str, bytes] | None = None
) -> list[SourceText]:
    """Each source at ``paths``, in their order; see :func:`read_source`."""
    return [read_source(path, base_dir, uploaded) for path in paths]


def read_source(
    path: str, base_dir: Path | None, uploaded: Mapping[str, bytes] | None = None
) -> SourceText:
    """The source at ``path``, relative to the log's folder.

    The path must stay inside that folder: a log must not read arbitrary files. Where
    ``uploaded`` is given, the source is looked up there by file name and the disk is not used.

    Args:
        path: The path as the log writes it.
        base_dir: The log's folder; None where it has none (an upload).
        uploaded: Source texts uploaded with the log, by file name.
    """
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or "\\" in path:
        return SourceText.unreadable(f"the path {shorten(repr(path))} leaves the log's folder")
    if uploaded is not None:
        name = shorten(repr(relative.name))
        if relative.name not in uploaded:
            given = ", ".join(sorted(map(repr, uploaded))) or "no source file"
            return SourceText.unreadable(
                f"the source file {name} was not uploaded with the log",
                f"Choose {name} too, together with the log, in the same upload "
                f"(this upload holds {shorten(given, 200)}); the log's own path for it is "
                f"{shorten(repr(path))}, and only the file name must match",
            )
        try:
            text = uploaded[relative.name].decode("utf-8")
        except UnicodeDecodeError:
            return SourceText.unreadable(f"the source file {name} is not UTF-8 text")
    elif base_dir is None:
        return SourceText.unreadable(
            f"the source {shorten(repr(path))} cannot be read: this log has no folder"
        )
    else:
        try:
            text = (base_dir / relative).read_text(encoding="utf-8")
        except FileNotFoundError:
            return SourceText.unreadable(
                f"the source file {shorten(repr(path))} was not found next to the log"
            )
        # ValueError: a path with a NUL byte ("a\0b" in YAML) cannot even be opened.
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return SourceText.unreadable(
                f"the source file {shorten(repr(path))} cannot be read ({type(exc).__name__})"
            )
    return SourceText([line.rstrip("\r") for line in text.rstrip("\r\n").split("\n")])
