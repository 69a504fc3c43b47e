"""A source article's bytes -> its paragraphs, each with the line it sits on, or why not.

A log cites a paragraph by its line in the source file, and the draft copies the file byte for
byte, so a paragraph here is a non-blank line and its number is its line number. Blank lines
between paragraphs are fine; a paragraph wrapped over several lines is not, since no quote could
span two lines.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path


class DraftError(Exception):
    """Input a draft cannot be made from; the message says which file, what and how to fix it."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source: its line number (as the log cites it) and its text."""

    number: int
    text: str


@dataclass(frozen=True)
class SourceFile:
    """A source article as read: its name, bytes, language and paragraphs."""

    name: str
    data: bytes
    language: str
    paragraphs: tuple[Paragraph, ...]


# "article.fr.txt" says it is in French; the code is the same form the schema takes.
_LANGUAGE_SUFFIX = re.compile(r"\.([a-z]{2,3})\.[A-Za-z0-9]+$")


def language_from_name(name: str) -> str | None:
    """The language code a file's name carries ("article.fr.txt" -> "fr"), if any."""
    match = _LANGUAGE_SUFFIX.search(name)
    return match.group(1) if match else None


def read_source(path: Path, language: str | None) -> SourceFile:
    """The source at ``path``, read and split into paragraphs.

    Args:
        path: The article, plain text in UTF-8.
        language: Its language code; None to take it from the file's name.

    Raises:
        DraftError: the file cannot be read, is not UTF-8 text, has no text, wraps a paragraph
            over several lines, or says no language.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"{path}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise DraftError(
            f"{path}: is a folder, not a text file. Name the article itself."
        ) from None
    except OSError as exc:
        raise DraftError(
            f"{path}: cannot be read ({exc.strerror}). Check its permissions."
        ) from None
    language = language or language_from_name(path.name)
    if language is None:
        raise DraftError(
            f"{path}: its language is not known. Say it with --lang (e.g. --lang fr), "
            "or name the file with its language code (article.fr.txt)."
        )
    return SourceFile(path.name, data, language, paragraphs(data, str(path)))


def paragraphs(data: bytes, name: str) -> tuple[Paragraph, ...]:
    """The paragraphs of a source's bytes; see :func:`read_source` for what is refused."""
    if b"\x00" in data:
        raise DraftError(
            f"{name}: is not a text file (it holds NUL bytes: a PDF, a word-processor file or "
            "an image?). Save the article as plain text, UTF-8, one paragraph per line."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DraftError(
            f"{name}: is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}). "
            "Convert it to UTF-8 first; for a Latin-1 or Windows file: "
            f"iconv -f WINDOWS-1252 -t UTF-8 {name} > converted.txt"
        ) from None
    lines = [line.rstrip("\r") for line in text.removeprefix("\ufeff").split("\n")]
    found = tuple(
        Paragraph(number, line) for number, line in enumerate(lines, start=1) if line.strip()
    )
    if not found:
        raise DraftError(f"{name}: has no text. Give the article's text, one paragraph per line.")
    # Blank lines between paragraphs, not those at the end of the file.
    blank = [
        n
        for n, line in enumerate(lines, start=1)
        if not line.strip() and found[0].number < n < found[-1].number
    ]
    if blank:
        wrapped = [
            (a.number, b.number) for a, b in itertools.pairwise(found) if b.number == a.number + 1
        ]
        if wrapped:
            first, second = wrapped[0]
            raise DraftError(
                f"{name}: lines {first} and {second} look like one paragraph wrapped over two "
                "lines (the paragraphs are separated by blank lines). A log cites a paragraph as "
                "one line: join each paragraph's lines into one."
            )
    return found
